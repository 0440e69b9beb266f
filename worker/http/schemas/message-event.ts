/**
 * POST /v1/messages/{id}/events (write key): the SDK or the service worker reports what the user
 * did with a message. `answered` is accepted and ignored (survey answers arrive as events).
 */
import { z } from "zod";
import { Channel } from "../../journey/schema/channels.ts";

export const MessageEventBody = z
  .object({
    type: z.enum(["shown", "clicked", "dismissed", "answered"]),
    /** When it happened; later than now counts as now. */
    at: z.iso.datetime({ offset: true }).optional(),
    channel: Channel,
    buttonId: z.string().max(256).optional(),
    url: z.string().max(2048).optional(),
    userId: z.string().min(1).max(256).optional(),
    /** HMAC-SHA256(userId, workspace secret) when identity verification is on. */
    userHash: z.string().max(256).optional(),
  })
  .meta({ id: "MessageEvent" });
export type MessageEventBody = z.infer<typeof MessageEventBody>;
