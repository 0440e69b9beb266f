import { expect, test } from "vitest";
import { distance } from "../../sdk/geo/geometry.ts";

test.each([
  // from, to, metres (reference values from the haversine formula on a 6371.0088 km sphere)
  [{ lat: 0, lng: 0 }, { lat: 0, lng: 0 }, 0],
  [{ lat: 0, lng: 0 }, { lat: 0, lng: 1 }, 111_195],
  [{ lat: 0, lng: 0 }, { lat: 1, lng: 0 }, 111_195],
  [{ lat: 52.52, lng: 13.405 }, { lat: 52.5219, lng: 13.4132 }, 594],
  [{ lat: 51.5007, lng: -0.1246 }, { lat: 40.6892, lng: -74.0445 }, 5_574_840],
  [{ lat: 0, lng: 179.9999 }, { lat: 0, lng: -179.9999 }, 22],
  [{ lat: 90, lng: 0 }, { lat: -90, lng: 0 }, 20_015_115],
])("%j → %j ≈ %i m", (a, b, m) => {
  expect(Math.abs(distance(a, b) - m)).toBeLessThanOrEqual(Math.max(1, m * 0.001));
});

test("distance is symmetric", () => {
  const a = { lat: 48.8584, lng: 2.2945 };
  const b = { lat: 48.8606, lng: 2.3376 };
  expect(distance(a, b)).toBeCloseTo(distance(b, a), 9);
});
