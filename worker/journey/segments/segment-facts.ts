/**
 * What segment evaluation needs to know about one user. The User Durable Object answers from its
 * profile and event statistics; `simulate()` answers from the timeline. Read-only.
 */
import type { Filter } from "../schema/filter.ts";
import type { Attributes, Millis } from "../types.ts";

export interface EventQuery {
  event: string;
  /** Property leaves read each event; attribute leaves read the user's current attributes. */
  where?: Filter | undefined;
  /** Only events at or after this instant (all history when omitted). */
  since?: Millis | undefined;
}

export interface SegmentFacts {
  readonly attributes: Readonly<Attributes>;
  /** IANA zone for calendar windows ("7d" keeps the local time across DST) and date filters. */
  readonly timeZone: string;
  /** How many matching events happened in [since, now]. */
  countEvents(query: EventQuery): number;
  /** When the matching events in [since, now] happened, ascending. Used for sliding windows. */
  eventTimes(query: EventQuery): readonly Millis[];
  /** The last event of any kind; the caller falls back to when the user was first seen; null if neither is known. */
  readonly lastActivityAt: Millis | null;
}
