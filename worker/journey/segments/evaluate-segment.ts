/**
 * Segment membership for one user, and when it will next change on its own. The User Durable
 * Object calls it on every event and attribute change and arms a timer at `changesAt`;
 * `simulate()` does the same on virtual time. Pure.
 */
import type { Segment } from "../schema/segment.ts";
import type { Millis } from "../types.ts";
import type { SegmentFacts } from "./segment-facts.ts";
import { segmentParts, type Part } from "./segment-parts.ts";

export type { SegmentFacts, EventQuery } from "./segment-facts.ts";

export interface SegmentVerdict {
  member: boolean;
  /** Each part's verdict, e.g. "Logged In count lt 3 within 15d: 2 → true; where …". */
  reason: string;
  /**
   * The earliest instant > now at which membership can change with no new event or attribute
   * change (an event leaving a sliding window, an inactivity period completing, a date filter
   * crossing its boundary), or null if it cannot. It may be a re-check that finds no change.
   */
  changesAt: Millis | null;
}

/** Most candidate instants examined; past this the last one examined is returned as a re-check. */
const MAX_CANDIDATES = 5_000;

const memberAt = (parts: Part[], at: Millis): boolean => parts.every((part) => part.valueAt(at));

/**
 * Evaluates `segment` (all of its parts must hold) for the user described by `facts` at `now`.
 * @example
 * evaluateSegment({ id: "d-30", name: "D-30", inactive_for: "30d" }, facts, now)
 * // { member: false, reason: "inactive_for 30d: last activity … → false", changesAt: last + 30 days }
 */
export function evaluateSegment(segment: Segment, facts: SegmentFacts, now: Millis): SegmentVerdict {
  const parts = segmentParts(segment, facts, now);
  const member = memberAt(parts, now);
  const reason = parts.length === 0 ? "no conditions: every user" : parts.map((part) => part.reason).join("; ");
  const horizon = Math.min(...parts.flatMap((part) => part.horizons));
  const candidates = [...new Set(parts.flatMap((part) => part.changes))]
    .filter((at) => at > now && at < horizon)
    .sort((a, b) => a - b);
  let checked = 0;
  for (const at of candidates) {
    if (memberAt(parts, at) !== member) return { member, reason, changesAt: at };
    if (++checked >= MAX_CANDIDATES) return { member, reason, changesAt: at };
  }
  return { member, reason, changesAt: Number.isFinite(horizon) ? horizon : null };
}
