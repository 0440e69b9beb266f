/**
 * `SegmentFacts` for one segment pass in a User Durable Object: each event name's history is read
 * from SQLite once per pass (not once per segment), and filtered in memory once per distinct rule
 * (event, filter, window), since segments often share rules.
 */
import { evaluateFilter } from "../journey/filter/evaluate-filter.ts";
import type { EventQuery, SegmentFacts } from "../journey/segments/segment-facts.ts";
import type { UserEvent } from "../journey/types.ts";
import type { Turn } from "../user/runtime/turn.ts";

export interface PassFacts {
  facts: SegmentFacts;
  /** Every stored event named `name` up to now, ascending (read once per pass). */
  history(name: string): readonly UserEvent[];
}

export function passFacts(turn: Turn): PassFacts {
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
  return {
    history,
    facts: {
      attributes,
      timeZone,
      lastActivityAt: profile.lastSeen,
      countEvents: (q) => matching(q).length,
      eventTimes: (q) => matching(q).map((e) => e.at),
    },
  };
}
