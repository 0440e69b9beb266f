/**
 * One segment re-evaluation pass in a User Durable Object, made cheap for many segments:
 * - facts: each event name's history is read from SQLite once per pass (not once per segment),
 *   and filtered in memory once per distinct rule (event, filter, window);
 * - skipping: a segment whose inputs are unchanged since its stored verdict — same published
 *   catalog, attributes and zone, same number of events of each name its rules count, same last
 *   activity for inactivity (or only newer activity while not a member) — and whose stored
 *   `changesAt` is still ahead keeps that verdict without being evaluated. What was evaluated is remembered per object in memory, so a fresh
 *   object (after eviction) evaluates everything once. Each pass bumps a counter in the object's
 *   storage in its transaction: if that transaction rolls back, the memory no longer matches the
 *   stored counter and is dropped, so a verdict never outlives the rows it describes.
 */
import { evaluateFilter } from "../journey/filter/evaluate-filter.ts";
import type { Segment } from "../journey/schema/segment.ts";
import type { EventQuery, SegmentFacts } from "../journey/segments/segment-facts.ts";
import type { UserEvent } from "../journey/types.ts";
import type { Turn } from "../user/runtime/turn.ts";
import type { Membership } from "../user/store/segment-store.ts";

export interface SegmentPass {
  facts: SegmentFacts;
  /** True when `segment`'s stored verdict still holds (no need to evaluate it). */
  unchanged(segment: Segment, stored: Membership | undefined): boolean;
  /** Records that `segment` was just evaluated on this pass's inputs. */
  evaluated(segment: Segment): void;
  /** Ends the pass (bumps the stored pass counter the memory is tied to). */
  finish(): void;
}

/** Meta counter: one per pass. */
const PASS = "segments:pass";

/** What a segment's verdict was computed from, besides the memo's base. */
interface Inputs {
  /** Event counts of the names its rules count, e.g. "12,3". */
  counts: string;
  /** The last activity, for segments with `inactive_for` (else null). */
  activity: number | null;
}

interface Memo {
  /** Catalog version, zone and attributes the per-segment keys below were computed under. */
  base: string;
  /** The stored pass counter the keys are valid for. */
  generation: string | null;
  keys: Map<string, Inputs>;
}

const memos = new WeakMap<object, Memo>();

export function segmentPass(turn: Turn): SegmentPass {
  const { store, now, profile } = turn;
  const attributes = profile.traits;
  const timeZone = profile.timeZone ?? "UTC";
  const histories = new Map<string, UserEvent[]>();
  const history = (name: string): UserEvent[] => {
    let events = histories.get(name);
    if (events === undefined) {
      events = store.events.list(name, undefined, now);
      histories.set(name, events);
    }
    return events;
  };
  // Segments often share rules (same event, filter and window): each is matched once per pass.
  const matched = new Map<string, UserEvent[]>();
  const matching = (q: EventQuery): UserEvent[] => {
    const key = `${q.event}\n${q.since ?? ""}\n${q.where === undefined ? "" : JSON.stringify(q.where)}`;
    let events = matched.get(key);
    if (events === undefined) {
      const since = q.since ?? Number.NEGATIVE_INFINITY;
      const where = q.where;
      events = history(q.event).filter((e) => e.at >= since && (where === undefined || evaluateFilter(where, { attributes, event: e, timeZone, now }).ok));
      matched.set(key, events);
    }
    return events;
  };
  const facts: SegmentFacts = {
    attributes,
    timeZone,
    lastActivityAt: profile.lastSeen,
    countEvents: (q) => matching(q).length,
    eventTimes: (q) => matching(q).map((e) => e.at),
  };

  const base = `${turn.catalog.live.version}\n${timeZone}\n${JSON.stringify(attributes)}`;
  const generation = store.meta.get(PASS);
  let memo = memos.get(store);
  if (memo === undefined || memo.base !== base || memo.generation !== generation) {
    memo = { base, generation, keys: new Map() };
    memos.set(store, memo);
  }
  const current = memo;
  const keys = memo.keys;
  const counts = new Map<string, number>();
  const count = (name: string): number => {
    let n = counts.get(name);
    if (n === undefined) {
      n = store.events.count(name, undefined, now);
      counts.set(name, n);
    }
    return n;
  };
  const inputsOf = (segment: Segment): Inputs => ({
    counts: (segment.events ?? []).map((rule) => count(rule.event)).join(","),
    activity: segment.inactive_for === undefined ? null : profile.lastSeen,
  });
  /**
   * Same inputs — or only newer activity for a non-member: activity only makes `inactive_for`
   * false longer, so a non-member stays one (and its stored re-check time stays valid).
   */
  const sameVerdict = (segment: Segment, stored: Membership): boolean => {
    const was = keys.get(segment.id);
    if (was === undefined) return false;
    const is = inputsOf(segment);
    if (was.counts !== is.counts) return false;
    return was.activity === is.activity || (!stored.member && was.activity !== null && is.activity !== null && is.activity >= was.activity);
  };
  return {
    facts,
    unchanged: (segment, stored) =>
      stored !== undefined && (stored.changesAt === null || now < stored.changesAt) && sameVerdict(segment, stored),
    evaluated: (segment) => void keys.set(segment.id, inputsOf(segment)),
    finish: () => {
      current.generation = String(store.meta.next(PASS));
    },
  };
}
