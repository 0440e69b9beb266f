/**
 * The User Durable Object's RPC contract: what the API routes send and get back. Plain data
 * (structured-clone safe).
 */
import type { Channel } from "../journey/schema/channels.ts";
import type { Attributes } from "../journey/types.ts";
import type { JsonObject } from "../lib/json.ts";

/** Which user an RPC is for. The object stores `workspace` on first use (its name is opaque). */
export interface UserRef {
  workspace: string;
  /** The known user id (identified users). */
  userId?: string;
  /** The anonymous id (visitors); the object name is `${workspace}:anon:${anonymousId}`. */
  anonymousId?: string;
}

/** A Segment-spec call, normalized by the route (timestamp in epoch ms). */
export interface IngestItem {
  type: "track" | "identify" | "page" | "alias";
  messageId: string;
  userId?: string;
  anonymousId?: string;
  /** track: the event name. */
  event?: string;
  /** page: the page name (also stored as properties.name). */
  name?: string;
  properties?: Attributes;
  traits?: Attributes;
  /** When it happened, epoch ms. Future times are clamped to now. */
  timestamp: number;
  /** Segment context; `context.timezone` (IANA) sets the user's time zone. */
  context?: Attributes;
}

export type IngestResult =
  | { status: "accepted"; messageId: string }
  | { status: "duplicate"; messageId: string }
  | { status: "rejected"; messageId: string | null; reason: string; path?: string };

/** `duplicate`: the entry's `properties.importKey` already entered run `runId`; nothing was done. */
export type EnterResult = { entered: true; runId: string; duplicate?: true } | { entered: false; reason: string };

export interface RunSummary {
  runId: string;
  journeyId: string;
  version: number;
  key: string;
  enteredAt: string;
  /** Where the run waits: node and kind, and until when for timers. */
  waiting: { node: string; type: "timer" | "event" | "data"; until?: string } | null;
  path: string[];
}

export interface ProfileSummary {
  workspace: string;
  userId: string | null;
  anonymousId: string | null;
  traits: JsonObject;
  timeZone: string | null;
  /** Ids of the segments the user is in now. */
  segments: string[];
  /** Channels found dead on delivery: channel → reason. */
  unreachable: Record<string, string>;
  /** Per channel: would a send reach the user now (worker/channels/contact.ts `reachability`, the rule sends use). */
  reachable: Record<Channel, boolean>;
  firstSeen: string;
  lastSeen: string;
  /** Active runs. */
  runs: RunSummary[];
}

/** One message-log line (GET /v1/admin/users/{id}/messages). */
export interface MessageLogEntry {
  journey: string;
  version: number;
  node: string;
  channel: string;
  template: string;
  status: "sent" | "suppressed" | "failed";
  reason?: string;
  provider?: string;
  at: string;
}

/** One trace line, oldest first. */
export interface TraceLine {
  at: string;
  kind: string;
  journeyId: string | null;
  version: number | null;
  runId: string | null;
  node: string | null;
  branch?: string;
  reason: string;
}
