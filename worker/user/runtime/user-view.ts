/**
 * The engine's read-only view of the user (UserView) and the segment evaluator's (SegmentFacts),
 * answered by synchronous SQLite reads inside the input's transaction. Built per engine call, so
 * it always reflects the profile as changed so far in the turn.
 */
import { reachableFromTraits } from "../../journey/reachability.ts";
import { evaluateFilter } from "../../journey/filter/evaluate-filter.ts";
import type { SegmentFacts, EventQuery } from "../../journey/segments/segment-facts.ts";
import type { Channel } from "../../journey/schema/channels.ts";
import type { Millis, UserEvent, UserView } from "../../journey/types.ts";
import { engineUserId, type Turn } from "./turn.ts";

export type FullUserView = UserView & SegmentFacts;

/** The view at the turn's `now`. */
export function userView(turn: Turn): FullUserView {
  const { profile, now, store } = turn;
  const attributes = profile.traits;
  const timeZone = profile.timeZone ?? "UTC";
  const matching = (q: EventQuery): UserEvent[] => {
    const events = store.events.list(q.event, q.since, now);
    const where = q.where;
    if (where === undefined) return events;
    return events.filter((event) => evaluateFilter(where, { attributes, event, timeZone, now }).ok);
  };
  return {
    userId: engineUserId(profile),
    attributes,
    timeZone,
    lastActivityAt: profile.lastSeen,
    inSegment: (segmentId) => store.segments.get(segmentId)?.member === true,
    reachable: (channel: Channel) => profile.unreachable[channel] === undefined && reachableFromTraits(attributes, channel),
    countEvents: (q) => (q.where === undefined ? store.events.count(q.event, q.since, now) : matching(q).length),
    eventTimes: (q): Millis[] => matching(q).map((e) => e.at),
  };
}
