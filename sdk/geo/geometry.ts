/** Distances on the Earth's surface. Pure. */

export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius (IUGG), metres. */
const R = 6_371_008.8;
const rad = (d: number): number => (d * Math.PI) / 180;

/**
 * Great-circle distance in metres (haversine; error well under 0.5% at geofence scales).
 * @example distance({ lat: 52.52, lng: 13.405 }, { lat: 52.5219, lng: 13.4132 }) // ≈ 594
 */
export function distance(a: LatLng, b: LatLng): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}
