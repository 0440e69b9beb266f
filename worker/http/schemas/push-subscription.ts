/**
 * POST and DELETE /v1/push/subscriptions (write key): the browser's web push subscription, as the
 * SDK sends it (sdk/protocol.ts `PushSubscriptionBody`). The route also accepts a bare
 * `PushSubscription.toJSON()` at the top level and nests it before validating.
 */
import { z } from "zod";

const Ids = { userId: z.string().min(1).max(256).optional(), anonymousId: z.string().min(1).max(256).optional() };

/** `PushSubscription.toJSON()`: the push service's URL and the keys RFC 8291 encrypts to. */
export const PushSubscriptionJson = z
  .object({
    endpoint: z.url({ protocol: /^https?$/ }),
    expirationTime: z.number().nullable().optional(),
    keys: z.object({ p256dh: z.string().min(1), auth: z.string().min(1) }),
  })
  .meta({ id: "PushSubscription" });

export const SavePushSubscription = z
  .object({
    ...Ids,
    /** HMAC-SHA256(userId, workspace secret) when identity verification is on. */
    userHash: z.string().max(256).optional(),
    subscription: PushSubscriptionJson,
    /** The subscription this one replaces (`pushsubscriptionchange`); finds the user without ids. */
    oldEndpoint: z.string().min(1).optional(),
  })
  .meta({ id: "SavePushSubscription", description: "A bare PushSubscription JSON (endpoint, keys) with the ids at the top is accepted too." });
export type SavePushSubscription = z.infer<typeof SavePushSubscription>;

export const DeletePushSubscription = z
  .object({
    ...Ids,
    /** HMAC-SHA256(userId, workspace secret) when identity verification is on. */
    userHash: z.string().max(256).optional(),
    endpoint: z.string().min(1),
  })
  .meta({ id: "DeletePushSubscription", description: "`{ subscription: { endpoint } }` is accepted in place of `endpoint`." });
export type DeletePushSubscription = z.infer<typeof DeletePushSubscription>;
