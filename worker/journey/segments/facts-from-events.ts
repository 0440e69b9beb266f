/**
 * `SegmentFacts` (and the engine's `countEvents`) answered from an in-memory list of events, as
 * `simulate()` and tests have them. Pure; the list is read, never changed.
 */
import { evaluateFilter } from "../filter/evaluate-filter.ts";
import type { Attributes, Millis, UserEvent } from "../types.ts";
import type { EventQuery, SegmentFacts } from "./segment-facts.ts";

export interface EventHistory {
  attributes: Readonly<Attributes>;
  timeZone: string;
  /** The user's events in time order (only those at or before `now` are seen). */
  events: readonly UserEvent[];
  /** When the user was first seen: the inactivity clock's start when there are no events. */
  firstSeenAt?: Millis | undefined;
  now: Millis;
}

/** Times of the events matching `query` in [since, now], ascending. */
export function matchingEventTimes(history: EventHistory, query: EventQuery): Millis[] {
  const since = query.since ?? -Infinity;
  const times: Millis[] = [];
  for (const event of history.events) {
    if (event.at > history.now) break;
    if (event.name !== query.event || event.at < since) continue;
    const ok =
      query.where === undefined ||
      evaluateFilter(query.where, { attributes: history.attributes, event, timeZone: history.timeZone, now: history.now }).ok;
    if (ok) times.push(event.at);
  }
  return times;
}

/**
 * Facts over `history`. `lastActivityAt` is the last event at or before now, else `firstSeenAt`.
 * @example evaluateSegment(segment, factsFromEvents({ attributes, timeZone: "UTC", events, now }), now)
 */
export function factsFromEvents(history: EventHistory): SegmentFacts {
  let last: Millis | null = null;
  for (const event of history.events) {
    if (event.at > history.now) break;
    last = last === null ? event.at : Math.max(last, event.at);
  }
  last ??= history.firstSeenAt ?? null;
  return {
    attributes: history.attributes,
    timeZone: history.timeZone,
    countEvents: (query) => matchingEventTimes(history, query).length,
    eventTimes: (query) => matchingEventTimes(history, query),
    lastActivityAt: last,
  };
}
