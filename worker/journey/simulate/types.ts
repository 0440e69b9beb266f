/**
 * The contract of `simulate()`, the dry run behind `POST /v1/admin/simulate`: a journey, a
 * profile and a timeline in; what would have happened out. JSON in and out.
 */
import type { Channel } from "../schema/channels.ts";
import type { Segment } from "../schema/segment.ts";
import type { Effect, EndReason, TraceEntry } from "../types.ts";

/** A time: an ISO date-time string or epoch milliseconds. */
export type SimTime = string | number;

export interface SimulationProfile {
  userId: string;
  traits: Record<string, unknown>;
  /**
   * Overrides what the traits imply (see reachability.ts), e.g. `{ "web_push": true }`: `true` is an
   * address with consent; `false` an opt-out (a transactional send still goes to an address in the traits).
   */
  reachable?: Partial<Record<Channel, boolean>> | undefined;
  /** IANA zone; default the `timezone` trait, else "UTC". */
  timeZone?: string | undefined;
  /** Learned best local hour (0–23) for `wait_for_time_slot` best_time. */
  bestHour?: number | undefined;
}

/** An event the user does, or traits set on the profile (`null` removes a trait). */
export type TimelineItem =
  | { at: SimTime; event: string; properties?: Record<string, unknown> | undefined }
  | { at: SimTime; traits: Record<string, unknown> };

export interface SimulationOptions {
  /** Stop here: nothing at or before it is left unprocessed, nothing after it happens. */
  until: SimTime;
  /** When the simulation begins (default: the first timeline item, else `until`). Earlier items are history. */
  start?: SimTime | undefined;
  /** Segment definitions the journey refers to (published ones, for the admin route). */
  segments?: Segment[] | undefined;
  /** Version number the runs carry (default 1). */
  version?: number | undefined;
}

export interface SimulatedMessage {
  at: string;
  node: string;
  channel: string;
  template: string;
  runId: string;
  /** "suppressed" when the send cannot reach its recipient: the live runtime would not deliver it either (send-gate.ts). */
  status: "sent" | "suppressed";
  /** Why it was suppressed, as the live message log says it, e.g. "unreachable: sms: opted out with STOP (sms_unsubscribed)". */
  reason?: string;
  /** Set for a transactional send (it needs an address, not the user's consent). */
  transactional?: true;
  /** Set for a `send` with `to` (e.g. "parent_phone"). */
  to?: string;
}

export interface SimulatedRun {
  id: string;
  key: string;
  enteredAt: string;
  /** What started it: the event name or pseudo-event ("Segment Entered", "Attribute Changed"…). */
  trigger: string;
  endedAt?: string;
  endReason?: EndReason;
  goalAt?: string;
}

export interface SimulationResult {
  /** Node ids entered, all runs, in time order. */
  path: string[];
  messages: SimulatedMessage[];
  /** Every effect the engine asked for, with when. */
  effects: Array<{ at: string; effect: Effect }>;
  trace: TraceEntry[];
  runs: SimulatedRun[];
  /** The last run's end; null when it is still running at `until` (or no run started). */
  ended: { at: string; reason: EndReason | "simulation_limit" } | null;
  /** Profile traits at `until`, after trait changes and update_attribute effects. */
  traits: Record<string, unknown>;
  /** Segment memberships as they changed, for "why did this run start?". */
  segmentChanges: Array<{ at: string; segment: string; on: "enter" | "exit" }>;
}

/** Bad input (a time that does not parse, a malformed timeline item); `path` names the field. */
export class SimulationInputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "SimulationInputError";
    this.path = path;
  }
}
