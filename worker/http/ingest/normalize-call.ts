/**
 * Turns a validated Segment-spec call into the User Durable Object's `IngestItem`: ids as
 * strings, a messageId for calls without one, and the timestamp corrected for the sender's clock
 * skew the way Segment does it: timestamp + (receivedAt − sentAt).
 * https://segment.com/docs/connections/spec/common/#timestamps
 */
import type { AliasEvent } from "../schemas/alias.ts";
import type { EventType } from "../schemas/batch.ts";
import type { IdentifyEvent } from "../schemas/identify.ts";
import type { PageEvent } from "../schemas/page.ts";
import type { TrackEvent } from "../schemas/track.ts";
import type { IngestItem } from "../../user/types.ts";

/** A validated call with its type. */
export type Call =
  | { type: "track"; call: TrackEvent }
  | { type: "identify"; call: IdentifyEvent }
  | { type: "page"; call: PageEvent }
  | { type: "alias"; call: AliasEvent };

export interface NormalizeContext {
  /** When the request arrived, epoch ms (server clock). */
  receivedAt: number;
  /** The batch's `sentAt`, for items without their own. */
  sentAt?: string | undefined;
  /** The batch's `context`, under each item's own. */
  context?: Record<string, unknown> | undefined;
  /** Makes a messageId for calls that have none (they cannot be de-duplicated). */
  newId: () => string;
}

/** The `IngestItem` for `call`. Pure given `ctx.newId`. */
export function normalizeCall({ type, call }: Call, ctx: NormalizeContext): IngestItem {
  const context = ctx.context === undefined && call.context === undefined ? undefined : { ...ctx.context, ...call.context };
  const base: IngestItem = {
    type,
    messageId: call.messageId ?? ctx.newId(),
    timestamp: correctedTimestamp(call.timestamp ?? call.originalTimestamp, call.sentAt ?? ctx.sentAt, ctx.receivedAt),
    ...(call.userId === undefined ? {} : { userId: String(call.userId) }),
    ...(call.anonymousId === undefined ? {} : { anonymousId: String(call.anonymousId) }),
    ...(context === undefined ? {} : { context }),
  };
  switch (type) {
    case "track":
      return { ...base, event: call.event, properties: call.properties ?? {} };
    case "identify":
      return { ...base, traits: call.traits ?? {} };
    case "page": {
      const extra = { ...(call.name === undefined ? {} : { name: call.name }), ...(call.category === undefined ? {} : { category: call.category }) };
      return { ...base, ...(call.name === undefined ? {} : { name: call.name }), properties: { ...call.properties, ...extra } };
    }
    case "alias":
      // Segment's alias links the previous (usually anonymous) id to the user: the same identity
      // merge an identify carrying both ids performs, so it is sent to the user's object as one.
      return { ...base, type: "identify", userId: String(call.userId), anonymousId: String(call.previousId), traits: {} };
  }
}

/**
 * Segment's skew correction: with both `timestamp` and `sentAt` on the sender's clock, the event
 * happened (sentAt − timestamp) before the request arrived. Without `sentAt` the timestamp is
 * trusted as is; without a timestamp the event happened when it arrived. Pure.
 */
export function correctedTimestamp(timestamp: string | undefined, sentAt: string | undefined, receivedAt: number): number {
  if (timestamp === undefined) return receivedAt;
  const at = parseInstant(timestamp);
  if (sentAt === undefined) return at;
  return receivedAt - (parseInstant(sentAt) - at);
}

/** Epoch ms of an ISO date-time; one without an offset is UTC. */
export function parseInstant(iso: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
}

export type { EventType };
