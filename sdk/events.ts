/** Builds Segment-spec events. Pure: ids, time, identity and context come in. */
import type { EventContext, NudgeEvent } from "./protocol.ts";
import type { Identity } from "./identity.ts";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The call-specific part of an event: `type` and its own fields. */
export type EventFields = DistributiveOmit<NudgeEvent, "messageId" | "timestamp" | "anonymousId" | "userId" | "userHash" | "context" | "sentAt">;

/**
 * Completes `fields` into an event.
 * @example buildEvent({ type: "track", event: "Signed Up", properties: {} }, id, ctx, "uuid", "2025-01-01T00:00:00.000Z")
 */
export function buildEvent(fields: EventFields, id: Identity, context: EventContext, messageId: string, timestamp: string): NudgeEvent {
  const { anonymousId, userId, userHash } = id;
  const base = { messageId, timestamp, anonymousId, context };
  const user = userId === undefined ? {} : userHash === undefined ? { userId } : { userId, userHash };
  return { ...fields, ...base, ...user };
}
