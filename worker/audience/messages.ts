/**
 * Messages on the AUDIENCE queue (wrangler.toml `nudge-audience`):
 * - `membership`: a User Durable Object's segment membership changed (→ member counts in D1).
 *   `seq` grows per object, so a late or redelivered message never undoes a newer one.
 * - `register`: a User Durable Object exists (→ the user registry that backfills page through).
 * - `backfill`: re-evaluate every registered user of the workspace against a newly published
 *   segment; one message pages through the registry (`after`) and queues `resync` batches.
 * - `resync`: call `resyncSegments()` on a few user objects.
 */
import { z } from "zod";

const Name = z.string().min(1).max(600);

export const MembershipMessage = z.object({
  type: z.literal("membership"),
  workspace: z.string().min(1),
  /** The User Durable Object's name. */
  user: Name,
  segment: z.string().min(1),
  member: z.boolean(),
  seq: z.number().int().nonnegative(),
  /** When the object reported it (its clock), epoch ms. */
  at: z.number(),
});
export type MembershipMessage = z.infer<typeof MembershipMessage>;

export const RegisterMessage = z.object({ type: z.literal("register"), workspace: z.string().min(1), user: Name, at: z.number() });
export type RegisterMessage = z.infer<typeof RegisterMessage>;

export const BackfillMessage = z.object({
  type: z.literal("backfill"),
  workspace: z.string().min(1),
  segment: z.string().min(1),
  /** Canonical JSON of the published definition: objects still reading an older one wait and retry. */
  definition: z.string(),
  /** Registry page cursor: the last user name already queued ("" to start). */
  after: z.string(),
  /** Identifies this backfill (epoch ms it started), for progress. */
  started: z.number(),
});
export type BackfillMessage = z.infer<typeof BackfillMessage>;

export const ResyncMessage = z.object({
  type: z.literal("resync"),
  workspace: z.string().min(1),
  segment: z.string().min(1),
  definition: z.string(),
  started: z.number(),
  users: z.array(Name).min(1),
  /** 1 for the first try; users found stale are sent again with attempt + 1. */
  attempt: z.number().int().positive().default(1),
});
export type ResyncMessage = z.infer<typeof ResyncMessage>;

export const AudienceMessage = z.discriminatedUnion("type", [MembershipMessage, RegisterMessage, BackfillMessage, ResyncMessage]);
export type AudienceMessage = z.infer<typeof AudienceMessage>;

/** Queue name (wrangler.toml). */
export const AUDIENCE_QUEUE = "nudge-audience";

/** The bound queue, typed for our messages, or null when the Worker has no AUDIENCE binding. */
export interface AudienceQueue {
  send(body: AudienceMessage, options?: { delaySeconds?: number }): Promise<unknown>;
  sendBatch(messages: Iterable<{ body: AudienceMessage; delaySeconds?: number }>): Promise<unknown>;
}

/** `env.AUDIENCE` when bound. */
export function audienceQueue(env: object): AudienceQueue | null {
  const queue: unknown = Reflect.get(env, "AUDIENCE");
  if (typeof queue !== "object" || queue === null) return null;
  if (typeof Reflect.get(queue, "send") !== "function" || typeof Reflect.get(queue, "sendBatch") !== "function") return null;
  // A Queue binding's send/sendBatch accept any structured-cloneable body.
  const bound: Queue = Reflect.get(env, "AUDIENCE");
  return bound;
}
