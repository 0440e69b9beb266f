/**
 * A segment split into its parts (attribute filter, each event rule, inactivity), each able to
 * say its value at a future instant assuming no new input, and the instants where that value may
 * change. `evaluate-segment.ts` combines them. Pure.
 */
import { evaluateFilter } from "../filter/evaluate-filter.ts";
import type { CountRule } from "../schema/filter.ts";
import type { EventRule, Segment } from "../schema/segment.ts";
import { DAY_MS } from "../time/calendar.ts";
import { addDuration, durationMs } from "../time/duration.ts";
import type { Millis } from "../types.ts";
import type { SegmentFacts } from "./segment-facts.ts";
import { whereRechecks } from "./where-recheck.ts";

export interface Part {
  /** The part's value at `at` (≥ now) if nothing new happens. */
  valueAt(at: Millis): boolean;
  /** Why it holds (or not) now, for the trace. */
  reason: string;
  /** Instants > now where the value may flip. */
  changes: Millis[];
  /** Instants > now to re-evaluate at even without a flip (see where-recheck.ts). */
  horizons: Millis[];
}

const DEFAULT_COUNT: CountRule = { op: "gte", value: 1 };
/** Calendar units can exceed their nominal length (a month of 31 days, DST): look back this much further. */
const WINDOW_SLACK_MS = 3 * DAY_MS;

/** True when `count` satisfies `rule`. */
export function countHolds(count: number, rule: CountRule): boolean {
  switch (rule.op) {
    case "eq": return count === rule.value;
    case "neq": return count !== rule.value;
    case "gt": return count > rule.value;
    case "gte": return count >= rule.value;
    case "lt": return count < rule.value;
    case "lte": return count <= rule.value;
  }
}

function wherePart(segment: Segment & { where: NonNullable<Segment["where"]> }, facts: SegmentFacts, now: Millis): Part {
  const scope = { attributes: facts.attributes, timeZone: facts.timeZone };
  const current = evaluateFilter(segment.where, { ...scope, now });
  const { exact, horizons } = whereRechecks(segment.where, facts.attributes, now, facts.timeZone);
  return {
    valueAt: (at) => (at === now ? current.ok : evaluateFilter(segment.where, { ...scope, now: at }).ok),
    reason: `where ${current.reason}`,
    changes: exact,
    horizons,
  };
}

/**
 * An event rule. With `within`, an event counts while `at + within > t`: it leaves the window
 * exactly `within` after it happened (calendar units in the user's zone).
 */
/** How many of the ascending `sorted` are ≤ `at` (binary search). */
function countAtOrBefore(sorted: readonly Millis[], at: Millis): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? Infinity) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function eventPart(rule: EventRule, facts: SegmentFacts, now: Millis): Part {
  const count = rule.count ?? DEFAULT_COUNT;
  const label = `${rule.event} count ${count.op} ${count.value}`;
  if (rule.within === undefined) {
    const n = facts.countEvents({ event: rule.event, where: rule.where });
    const ok = countHolds(n, count);
    return { valueAt: () => ok, reason: `${label}: ${n} → ${ok}`, changes: [], horizons: [] };
  }
  const within = rule.within;
  const since = now - durationMs(within) - WINDOW_SLACK_MS;
  const expiries = facts
    .eventTimes({ event: rule.event, where: rule.where, since })
    .filter((t) => t <= now)
    .map((t) => addDuration(t, within, facts.timeZone))
    .filter((expiry) => expiry > now)
    .sort((a, b) => a - b);
  const countAt = (at: Millis): number => expiries.length - countAtOrBefore(expiries, at);
  const ok = countHolds(expiries.length, count);
  return {
    valueAt: (at) => countHolds(countAt(at), count),
    reason: `${label} within ${within}: ${expiries.length} → ${ok}`,
    changes: expiries,
    horizons: [],
  };
}

function inactivityPart(inactiveFor: string, facts: SegmentFacts, now: Millis): Part {
  const last = facts.lastActivityAt;
  if (last === null) {
    return { valueAt: () => false, reason: `inactive_for ${inactiveFor}: no activity known → false`, changes: [], horizons: [] };
  }
  const from = addDuration(last, inactiveFor, facts.timeZone);
  const ok = now >= from;
  return {
    valueAt: (at) => at >= from,
    reason: `inactive_for ${inactiveFor}: last activity ${new Date(last).toISOString()} → ${ok}`,
    changes: from > now ? [from] : [],
    horizons: [],
  };
}

/** The parts of `segment` for this user at `now`. A segment with no parts has every user. */
export function segmentParts(segment: Segment, facts: SegmentFacts, now: Millis): Part[] {
  const parts: Part[] = [];
  if (segment.where !== undefined) parts.push(wherePart({ ...segment, where: segment.where }, facts, now));
  for (const rule of segment.events ?? []) parts.push(eventPart(rule, facts, now));
  if (segment.inactive_for !== undefined) parts.push(inactivityPart(segment.inactive_for, facts, now));
  return parts;
}
