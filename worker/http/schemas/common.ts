/**
 * Fields every Segment-spec call shares (https://segment.com/docs/connections/spec/common/).
 * Unknown top-level fields (`_metadata`, `channel`, `version`, ...) are accepted and dropped, so an
 * existing Segment library can send here unchanged.
 */
import { z } from "zod";

/** Segment ids may arrive as numbers from server libraries; they are stored as strings. */
export const Id = z.union([z.string().min(1).max(256), z.number().finite()]);

/** ISO 8601 date-time; a missing offset means UTC. */
export const Timestamp = z.iso.datetime({ offset: true, local: true });

const JsonObject = z.record(z.string(), z.unknown());

export const commonShape = {
  /** Unique per call: the User DO answers `duplicate` for a messageId it has seen (idempotent retries). */
  messageId: z.string().min(1).max(200).optional(),
  userId: Id.optional(),
  anonymousId: Id.optional(),
  /** When the call happened, on the sender's clock (corrected with `sentAt`). Default: when received. */
  timestamp: Timestamp.optional(),
  /** When the sender sent it, on the same clock; the server shifts `timestamp` by (received − sentAt). */
  sentAt: Timestamp.optional(),
  /** analytics.js sends `originalTimestamp` instead of `timestamp` in some versions. */
  originalTimestamp: Timestamp.optional(),
  context: JsonObject.optional(),
  integrations: JsonObject.optional(),
  /** The write key, for senders that cannot set an Authorization header. */
  writeKey: z.string().min(1).optional(),
};

export const Properties = JsonObject;

/** A call must name its user: `userId`, `anonymousId`, or both. */
export function hasIdentity(value: { userId?: unknown; anonymousId?: unknown }): boolean {
  return value.userId !== undefined || value.anonymousId !== undefined;
}
export const identityRule = { message: "userId or anonymousId is required", path: ["userId"] };
