/**
 * "Geofence Entered" / "Geofence Exited" events must name a fence of the workspace in property
 * `geofence` (what geofence triggers match on): any other is rejected with the field's path, so a
 * typo or a deleted fence is visible to the sender instead of silently starting nothing.
 */
import type { Geofence } from "../catalog/types.ts";
import type { IngestItem, IngestResult } from "../user/types.ts";

export const GEOFENCE_EVENTS: ReadonlySet<string> = new Set(["Geofence Entered", "Geofence Exited"]);

/** True if any item is a geofence event (only then are the fences read). */
export function hasGeofenceEvents(items: readonly IngestItem[]): boolean {
  return items.some((item) => item.type === "track" && item.event !== undefined && GEOFENCE_EVENTS.has(item.event));
}

/** A rejection per item whose fence is missing or unknown, else null. Pure. */
export function checkGeofences(items: readonly IngestItem[], fences: readonly Geofence[]): (IngestResult | null)[] {
  const known = new Set(fences.map((f) => f.id));
  return items.map((item) => {
    if (item.type !== "track" || item.event === undefined || !GEOFENCE_EVENTS.has(item.event)) return null;
    const fence = item.properties?.["geofence"];
    if (typeof fence !== "string" || fence === "") {
      return { status: "rejected", messageId: item.messageId, reason: `a ${item.event} event needs properties.geofence, the id of one of the workspace's geofences`, path: "properties.geofence" };
    }
    if (!known.has(fence)) {
      return { status: "rejected", messageId: item.messageId, reason: `unknown geofence ${JSON.stringify(fence)} (GET /v1/geofences lists the workspace's fences)`, path: "properties.geofence" };
    }
    return null;
  });
}
