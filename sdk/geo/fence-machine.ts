/**
 * Enter/exit detection for geofences. Pure: fixes and `now` come in; states, transitions and the
 * next time to look again come out.
 *
 * A fix is "inside" a fence when it lies within the radius and is accurate enough to say so;
 * "outside" only beyond radius + max(margin, accuracy) (hysteresis: jitter at the edge cannot
 * flap enter/exit, and a vague fix cannot cause an exit); anything else is "unknown" and changes
 * nothing. "Entered" needs `dwellMs` of inside fixes without an outside one in between.
 */
import type { Geofence } from "../protocol.ts";
import { distance, type LatLng } from "./geometry.ts";

export interface Fix extends LatLng {
  /** Metres (95% confidence radius, as the Geolocation API reports). */
  accuracy: number;
}

export type FenceState = { type: "outside" } | { type: "entering"; since: number } | { type: "inside" };
export type Reading = "inside" | "outside" | "unknown";

export interface MachineOptions {
  /** Default dwell before "entered" when a fence has none. @default 10000 */
  dwellMs?: number;
  /** Hysteresis band beyond the radius, metres. @default 50 */
  margin?: number;
  /** Fixes less accurate than this are ignored, metres. @default 1000 */
  maxAccuracy?: number;
}

export interface Transition {
  type: "entered" | "exited";
  fence: Geofence;
}

/** Where `fix` is relative to `fence`. */
export function classify(fence: Geofence, fix: Fix, o: MachineOptions = {}): Reading {
  const { margin = 50, maxAccuracy = 1000 } = o;
  if (!(fix.accuracy <= maxAccuracy)) return "unknown";
  const d = distance(fence, fix);
  if (d <= fence.radius && fix.accuracy <= Math.max(fence.radius, margin)) return "inside";
  return d > fence.radius + Math.max(margin, fix.accuracy) ? "outside" : "unknown";
}

/** One fence, one reading (or, with the last reading, a timer tick) at `now`. */
export function step(s: FenceState, r: Reading, now: number, dwellMs: number): { state: FenceState; emit?: "entered" | "exited" } {
  if (r == "outside") return s.type == "inside" ? { state: { type: "outside" }, emit: "exited" } : { state: { type: "outside" } };
  if (r == "unknown" || s.type == "inside") return { state: s };
  const since = s.type == "entering" ? s.since : now;
  return now - since >= dwellMs ? { state: { type: "inside" }, emit: "entered" } : { state: { type: "entering", since } };
}

/**
 * Runs `fix` against every fence. Returns the new states, the transitions in fence order, and
 * when to call again without a new fix (a dwell completing), or undefined.
 */
export function advance(
  fences: readonly Geofence[],
  states: Readonly<Record<string, FenceState>>,
  fix: Fix,
  now: number,
  o: MachineOptions = {},
): { states: Record<string, FenceState>; transitions: Transition[]; wakeAt?: number } {
  const next: Record<string, FenceState> = {};
  const transitions: Transition[] = [];
  let wakeAt: number | undefined;
  for (const fence of fences) {
    const dwell = fence.dwellMs ?? o.dwellMs ?? 10_000;
    const { state, emit } = step(states[fence.id] ?? { type: "outside" }, classify(fence, fix, o), now, dwell);
    next[fence.id] = state;
    if (emit) transitions.push({ type: emit, fence });
    if (state.type == "entering") wakeAt = Math.min(wakeAt ?? Infinity, state.since + dwell);
  }
  return { states: next, transitions, wakeAt };
}
