/**
 * The engine's data contract: runs, inputs, effects and the read-only view of a user.
 * Everything here is plain JSON-serialisable data (the Durable Object stores runs as JSON),
 * except `UserView`, a read-only snapshot the shell builds for each call.
 */
import type { Channel } from "./schema/channels.ts";
import type { Filter } from "./schema/filter.ts";
import type { Journey } from "./schema/journey.ts";

export type { Journey };
/** Epoch milliseconds. The engine never reads a clock: time always comes in as `now`. */
export type Millis = number;
export type Attributes = Record<string, unknown>;

/** An event as the engine sees it. Triggers that are not user events become pseudo-events. */
export interface UserEvent {
  /** Event name, e.g. "Added To Cart". Pseudo-events: "Segment Entered", "Segment Exited",
   * "Attribute Changed", "Geofence Entered", "Geofence Exited", "Journey Entered" (manual). */
  name: string;
  properties: Attributes;
  /** When it happened (the event's own timestamp). */
  at: Millis;
  /** The sender's messageId, when there is one. */
  id?: string;
}

/** What the engine may ask of the user's state; the shell answers from SQLite, simulate from the timeline. */
export interface UserView {
  readonly userId: string;
  /** Profile attributes (traits), after every change applied so far. */
  readonly attributes: Readonly<Attributes>;
  /** IANA time zone for local-time rules; "UTC" when unknown. */
  readonly timeZone: string;
  inSegment(segmentId: string): boolean;
  reachable(channel: Channel): boolean;
  /** How many events named `event`, matching `where`, happened at or after `since` (all history if omitted), up to now. */
  countEvents(query: { event: string; where?: Filter | undefined; since?: Millis | undefined }): number;
  /** The user's learned best local hour (0–23) to engage, else the workspace's, else undefined. */
  readonly bestHour?: number | undefined;
}

/** Where an active run is parked. */
export type Waiting =
  | { type: "timer"; node: string; timerId: string; at: Millis }
  | { type: "event"; node: string; timerId: string; at: Millis }
  | { type: "data"; node: string; requestKey: string };

export interface Run {
  id: string;
  journeyId: string;
  version: number;
  userId: string;
  /** The `entry.key` value of the trigger event, or "" without a key. */
  key: string;
  status: "active" | "ended";
  trigger: UserEvent;
  enteredAt: Millis;
  waiting: Waiting | null;
  /** `fetch_data` results by `store_as`, read by later nodes and templates as `data.*`. */
  data: Record<string, unknown>;
  /** Monotonic step counter: derives timer ids and idempotency keys, so replays produce the same ones. */
  seq: number;
  /** Node ids entered, in order (bounded; the trace has the full story). */
  path: string[];
  endedAt?: Millis;
  endReason?: EndReason;
  /** When the goal window closes (absent without a goal); `goalAt` is set once converted. */
  goalUntil?: Millis;
  goalAt?: Millis;
}

export type EndReason =
  | "completed" // reached an `end` node
  | "exit_event" // an exit event arrived
  | "fetch_failed" // fetch_data failed with on_error: end
  | "date_past" // wait_until with if_past: skip
  | "loop_guard" // too many steps without waiting
  | "archived" // the journey was archived
  | "invalid_node" // the graph pointed at a missing node (validation should prevent it)
  | "merged"; // an anonymous visitor's run, ended when merged into a known user already running it

/** What reached a run. */
export type Input =
  /** Begin a new run at `start` (after the entry decision). */
  | { type: "start" }
  /** A user event (for exit rules, wait_for_event and goals). */
  | { type: "event"; event: UserEvent }
  /** A timer set by this run came due. */
  | { type: "timer"; timerId: string }
  /** Profile attributes changed (re-targets attribute-relative wait_until). */
  | { type: "attributes"; changed: string[] }
  /** A `fetch_data` request finished. */
  | { type: "data"; requestKey: string; ok: true; data: unknown }
  | { type: "data"; requestKey: string; ok: false; error: string }
  /** The journey was archived: end the run. */
  | { type: "archive" };

/** Side effects the shell performs after committing the run. `key` is the idempotency key. */
export type Effect =
  | {
      type: "send";
      key: string;
      runId: string;
      journeyId: string;
      version: number;
      node: string;
      channel: Channel;
      template: string;
      transactional: boolean;
      /** Attribute holding the address, when not the channel's default. */
      to?: string;
      /** `survey` nodes send with kind "survey". */
      kind: "message" | "survey";
      /** Render context: event (the trigger) and data (fetch results) — the shell adds user.* and journey.*. */
      event: UserEvent;
      data: Record<string, unknown>;
    }
  | { type: "set_timer"; timerId: string; runId: string; at: Millis }
  | { type: "cancel_timer"; timerId: string }
  | { type: "update_attribute"; key: string; attribute: string; change: AttributeChange }
  | {
      type: "fetch_data";
      key: string;
      runId: string;
      node: string;
      url: string;
      method: string;
      headers: Record<string, string>;
      body?: unknown;
      timeoutMs: number;
      event: UserEvent;
      data: Record<string, unknown>;
    }
  | {
      type: "webhook";
      key: string;
      runId: string;
      node: string;
      url: string;
      method: string;
      headers: Record<string, string>;
      body?: unknown;
      event: UserEvent;
      data: Record<string, unknown>;
    }
  | { type: "audience"; key: string; runId: string; node: string; provider: "facebook" | "google"; audience: string; op: "add" | "remove" }
  | { type: "goal_reached"; runId: string; journeyId: string; version: number; at: Millis; event: string }
  | { type: "run_ended"; runId: string; journeyId: string; version: number; node: string | null; reason: EndReason; at: Millis };

export type AttributeChange = { op: "set"; value: unknown } | { op: "unset" } | { op: "increment"; by: number | string };

/** One line of "why did (or didn't) this user get it?". */
export interface TraceEntry {
  at: Millis;
  runId: string;
  node: string | null;
  /** entered a node, took a branch, waited, resumed, ended, or ignored an input. */
  kind: "entered" | "branch" | "wait" | "resume" | "end" | "goal" | "ignored";
  /** The branch taken ("yes", "no", "timeout", "next", a split index). */
  branch?: string;
  /** Human-readable reason, e.g. "cart_items gt 0: 3 → yes". */
  reason: string;
}

export interface Step {
  run: Run;
  effects: Effect[];
  trace: TraceEntry[];
}
