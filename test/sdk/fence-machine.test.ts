import { describe, expect, test } from "vitest";
import { advance, classify, type FenceState, type Fix } from "../../sdk/geo/fence-machine.ts";
import type { Geofence } from "../../sdk/protocol.ts";

const store: Geofence = { id: "store-1", name: "Store #1", lat: 52.5219, lng: 13.4132, radius: 100, dwellMs: 5000 };
const cafe: Geofence = { id: "cafe", name: "Cafe", lat: 52.5219, lng: 13.4152, radius: 100, dwellMs: 0 };
/** A fix `m` metres north of the store's centre. */
const north = (m: number, accuracy = 10): Fix => ({ lat: store.lat + m / 111_195, lng: store.lng, accuracy });

describe("classify (radius 100 m, margin 50 m)", () => {
  test.each([
    [0, 10, "inside"],
    [99, 10, "inside"],
    [120, 10, "unknown"], // in the hysteresis band
    [149, 10, "unknown"],
    [151, 10, "outside"],
    [200, 120, "unknown"], // 200 m away, but ±120 m could be at 80 m
    [230, 120, "outside"],
    [50, 150, "unknown"], // a vague fix cannot say inside a 100 m fence
    [5000, 2000, "unknown"], // less accurate than maxAccuracy: ignored
  ])("%i m away at ±%i m → %s", (m, acc, reading) => {
    expect(classify(store, north(m, acc))).toBe(reading);
  });

  test("margin and maxAccuracy are options", () => {
    expect(classify(store, north(120), { margin: 10 })).toBe("outside");
    expect(classify(store, north(0, 600), { maxAccuracy: 500 })).toBe("unknown");
  });

  test("a NaN accuracy counts as unknown", () => {
    expect(classify(store, north(0, Number.NaN))).toBe("unknown");
  });
});

/** Feeds `[t, metres north, accuracy?]` fixes to the store fence; returns the events with times. */
function run(fixes: [number, number, number?][], fences: Geofence[] = [store]): string[] {
  let states: Record<string, FenceState> = {};
  const out: string[] = [];
  for (const [t, m, acc] of fixes) {
    const r = advance(fences, states, north(m, acc), t);
    states = r.states;
    for (const tr of r.transitions) out.push(`${t} ${tr.type} ${tr.fence.id}`);
  }
  return out;
}

describe("enter and exit", () => {
  test.each<[string, [number, number, number?][], string[]]>([
    ["enters only after the dwell time inside", [[0, 10], [4999, 20], [5000, 30]], ["5000 entered store-1"]],
    ["leaving during the dwell cancels it; coming back restarts it", [[0, 10], [3000, 300], [4000, 10], [8000, 10], [9000, 10]], ["9000 entered store-1"]],
    ["unknown fixes during the dwell do not restart it", [[0, 10], [2000, 120], [5000, 10]], ["5000 entered store-1"]],
    ["exits only beyond radius + margin (hysteresis)", [[0, 0], [5000, 0], [6000, 120], [7000, 140], [8000, 160]], ["5000 entered store-1", "8000 exited store-1"]],
    ["jitter at the edge does not flap", [[0, 95], [5000, 95], [6000, 105], [7000, 95], [8000, 110], [9000, 98]], ["5000 entered store-1"]],
    ["a fix whose error circle reaches the fence does not cause an exit", [[0, 0], [5000, 0], [6000, 800, 900], [7000, 0]], ["5000 entered store-1"]],
    ["enter, exit and enter again", [[0, 0], [5000, 0], [6000, 500], [7000, 0], [12000, 0]], ["5000 entered store-1", "6000 exited store-1", "12000 entered store-1"]],
  ])("%s", (_, fixes, events) => {
    expect(run(fixes)).toEqual(events);
  });

  test("several fences: transitions come in fence order, each with its own dwell", () => {
    // The cafe is ~136 m east of the store; a point between them is inside both.
    const between: Fix = { lat: store.lat, lng: 13.4142, accuracy: 10 };
    const r = advance([store, cafe], {}, between, 0);
    expect(r.transitions.map((t) => `${t.type} ${t.fence.id}`)).toEqual(["entered cafe"]);
    expect(r.wakeAt).toBe(5000);
    const later = advance([store, cafe], r.states, between, 5000);
    expect(later.transitions.map((t) => `${t.type} ${t.fence.id}`)).toEqual(["entered store-1"]);
    expect(later.wakeAt).toBeUndefined();
  });

  test("a fence without dwellMs uses the option, else 10 s", () => {
    const plain: Geofence = { ...store, dwellMs: undefined };
    expect(advance([plain], {}, north(0), 0).wakeAt).toBe(10_000);
    expect(advance([plain], {}, north(0), 0, { dwellMs: 2000 }).wakeAt).toBe(2000);
  });

  test("a persisted inside state does not enter again after a reload", () => {
    const r = advance([store], { "store-1": { type: "inside" } }, north(0), 0);
    expect(r.transitions).toEqual([]);
    expect(r.states["store-1"]).toEqual({ type: "inside" });
  });
});
