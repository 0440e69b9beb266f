/**
 * One segment re-evaluation pass in a User Durable Object, made cheap for many segments:
 * - facts: each event name's history is read from SQLite once per pass (not once per segment),
 *   and filtered in memory per rule;
 * - skipping: a segment whose inputs are unchanged since its stored verdict — same published
 *   catalog, attributes and zone, same number of events of each name its rules count, same last
 *   activity for inactivity — and whose stored `changesAt` is still ahead keeps that verdict
 *   without being evaluated. What was evaluated is remembered per object in memory, so a fresh
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

interface Memo {
  /** Catalog version, zone and attributes the per-segment keys below were computed under. */
  base: string;
  /** The stored pass counter the keys are valid for. */
  generation: string | null;
  keys: Map<string, string>;
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
  const matching = (q: EventQuery): UserEvent[] => {
    const since = q.since ?? Number.NEGATIVE_INFINITY;
    const where = q.where;
    return history(q.event).filter((e) => e.at >= since && (where === undefined || evaluateFilter(where, { attributes, event: e, timeZone, now }).ok));
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
  const keyOf = (segment: Segment): string =>
    `${(segment.events ?? []).map((rule) => history(rule.event).length).join(",")}|${segment.inactive_for === undefined ? "" : profile.lastSeen}`;
  return {
    facts,
    unchanged: (segment, stored) =>
      stored !== undefined && (stored.changesAt === null || now < stored.changesAt) && keys.get(segment.id) === keyOf(segment),
    evaluated: (segment) => void keys.set(segment.id, keyOf(segment)),
    finish: () => {
      current.generation = String(store.meta.next(PASS));
    },
  };
}
