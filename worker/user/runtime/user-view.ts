/**
 * The engine's read-only view of the user (UserView) and the segment evaluator's (SegmentFacts),
 * answered by synchronous SQLite reads inside the input's transaction. Reachability and the best
 * hour come from the delivery tables (worker/user/delivery). Built per engine call, so
 * it always reflects the profile as changed so far in the turn.
 */
import { reachability } from "../../channels/contact.ts";
import { evaluateFilter } from "../../journey/filter/evaluate-filter.ts";
import type { SegmentFacts, EventQuery } from "../../journey/segments/segment-facts.ts";
import type { Channel } from "../../journey/schema/channels.ts";
import type { Millis, UserEvent, UserView } from "../../journey/types.ts";
import { userBestHour } from "../delivery/best-hour-store.ts";
import { userContact } from "../delivery/user-contact.ts";
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
    // Traits, dead channels, stored push subscriptions and the last SDK session (worker/channels/contact.ts).
    reachable: (channel: Channel) => reachability(channel, { userId: engineUserId(profile), traits: attributes, ...userContact(store, now), unreachable: profile.unreachable }, now).reachable,
    bestHour: userBestHour(store.meta),
    countEvents: (q) => (q.where === undefined ? store.events.count(q.event, q.since, now) : matching(q).length),
    eventTimes: (q): Millis[] => matching(q).map((e) => e.at),
  };
}
