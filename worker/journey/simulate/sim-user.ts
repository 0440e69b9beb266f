/**
 * The simulated user: traits, the events seen so far, reachability and segment membership,
 * answering the engine's `UserView` the way the User Durable Object answers from storage.
 */
import type { Channel } from "../schema/channels.ts";
import type { Segment } from "../schema/segment.ts";
import { reachFromTraits, type ChannelReach } from "../reachability.ts";
import { evaluateSegment, type SegmentVerdict } from "../segments/evaluate-segment.ts";
import { factsFromEvents, matchingEventTimes } from "../segments/facts-from-events.ts";
import { parseDateValue } from "../time/dates.ts";
import { addDuration, parseDuration } from "../time/duration.ts";
import { safeTimeZone } from "../time/zoned.ts";
import type { AttributeChange, Attributes, Millis, UserEvent, UserView } from "../types.ts";
import type { SimulationProfile } from "./types.ts";

/** One changed trait: what attribute triggers and waiting runs hear about. */
export interface TraitChange {
  attribute: string;
  value: unknown;
  previous: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export class SimUser {
  readonly userId: string;
  readonly timeZone: string;
  readonly bestHour: number | undefined;
  readonly traits: Attributes;
  readonly events: UserEvent[] = [];
  readonly #reachable: SimulationProfile["reachable"];
  readonly #segments: ReadonlyMap<string, Segment>;
  readonly #firstSeenAt: Millis;

  constructor(profile: SimulationProfile, segments: readonly Segment[], start: Millis) {
    this.userId = profile.userId;
    this.traits = { ...profile.traits };
    const zone = profile.timeZone ?? this.traits["timezone"];
    this.timeZone = safeTimeZone(typeof zone === "string" ? zone : "UTC");
    this.bestHour = profile.bestHour;
    this.#reachable = profile.reachable;
    this.#segments = new Map(segments.map((s) => [s.id, s]));
    // Activity before the timeline: the last_seen trait, else the user is first seen at start.
    const seen = parseDateValue(this.traits["last_seen"] ?? this.traits["last_seen_at"], this.timeZone);
    this.#firstSeenAt = seen !== null && seen <= start ? seen : start;
  }

  /** Records an event the user did (events arrive in time order). */
  record(event: UserEvent): void {
    this.events.push(event);
  }

  /** Sets traits (`null` removes one); returns what actually changed. */
  setTraits(traits: Readonly<Attributes>): TraitChange[] {
    const changes: TraitChange[] = [];
    for (const [attribute, value] of Object.entries(traits)) {
      const previous = this.traits[attribute];
      if (same(previous, value) || (value === null && previous === undefined)) continue;
      if (value === null) delete this.traits[attribute];
      else this.traits[attribute] = value;
      changes.push({ attribute, value: value ?? undefined, previous });
    }
    return changes;
  }

  /** Applies an `update_attribute` effect's change; null when it changes nothing. */
  applyChange(attribute: string, change: AttributeChange): TraitChange | null {
    const previous = this.traits[attribute];
    let value: unknown;
    if (change.op === "unset") value = null;
    else if (change.op === "set") value = change.value;
    else if (typeof change.by === "number") value = (typeof previous === "number" ? previous : 0) + change.by;
    else {
      // The engine sends date increments as `set`; a raw duration increment is still honoured.
      const base = parseDateValue(previous, this.timeZone);
      const by = parseDuration(change.by);
      if (base === null || by === null) return null;
      value = new Date(addDuration(base, by, this.timeZone)).toISOString();
    }
    return this.setTraits({ [attribute]: value })[0] ?? null;
  }

  /** The segments given to the simulation, by id. */
  segmentIds(): string[] {
    return [...this.#segments.keys()];
  }

  /** Membership of `segmentId` at `now` (unknown segment → not a member, no re-check). */
  segment(segmentId: string, now: Millis): SegmentVerdict {
    const segment = this.#segments.get(segmentId);
    if (segment === undefined) return { member: false, reason: `segment ${segmentId} is not defined`, changesAt: null };
    const facts = factsFromEvents({ attributes: this.traits, timeZone: this.timeZone, events: this.events, firstSeenAt: this.#firstSeenAt, now });
    return evaluateSegment(segment, facts, now);
  }

  /**
   * How `channel` reaches the user, and why (reachability.ts): the traits, with every event
   * counted as being seen for in-app and overlays. `profile.reachable` overrides the answer:
   * `true` stands for an address with consent (e.g. a push subscription); `false` for an opt-out,
   * which stops marketing sends while a transactional one still goes to an address in the traits.
   */
  reach(channel: Channel, now: Millis): ChannelReach {
    const lastEvent = this.events.findLast((e) => e.at <= now)?.at;
    const seen = parseDateValue(this.traits["last_seen"] ?? this.traits["last_seen_at"], this.timeZone);
    const lastSeen = Math.max(lastEvent ?? -Infinity, seen ?? -Infinity);
    const traits = Number.isFinite(lastSeen) ? { ...this.traits, last_seen: lastSeen } : this.traits;
    const fromTraits = reachFromTraits(traits, channel, now);
    const override = this.#reachable?.[channel];
    if (override === undefined || override === fromTraits.reachable) return fromTraits;
    return override
      ? { addressed: true, reachable: true, reason: `${channel}: reachable (profile.reachable)` }
      : { addressed: fromTraits.addressed, reachable: false, reason: `${channel}: unreachable (profile.reachable)` };
  }

  /** Whether `channel` reaches the user for a marketing send (`is_reachable`). */
  reachable(channel: Channel, now: Millis): boolean {
    return this.reach(channel, now).reachable;
  }

  /** The engine's view of this user at `now` (a snapshot of the traits). */
  view(now: Millis): UserView {
    const attributes = { ...this.traits };
    const history = { attributes, timeZone: this.timeZone, events: this.events, now };
    return {
      userId: this.userId,
      attributes,
      timeZone: this.timeZone,
      bestHour: this.bestHour,
      inSegment: (id) => this.segment(id, now).member,
      reachable: (channel) => this.reachable(channel, now),
      countEvents: (query) => matchingEventTimes(history, query).length,
    };
  }
}
