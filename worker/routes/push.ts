/**
 * Web push for the browser SDK (write key; CORS for any origin):
 * - `GET /v1/push/vapid-public-key?writeKey=…` → `{ publicKey }`, the workspace's VAPID key (in
 *   development one is generated on first use: worker/catalog/dev-vapid.ts).
 * - `POST /v1/push/subscriptions` — `{ subscription: PushSubscription.toJSON(), oldEndpoint?,
 *   userId?, anonymousId? }` (sdk/protocol.ts `PushSubscriptionBody`; a bare `{ endpoint, keys }`
 *   is accepted too). Stored in the user's object; web push reaches them from then on. Without
 *   ids (the service worker after `pushsubscriptionchange`) the user is found by `oldEndpoint`.
 *   With identity verification on, a write-key call naming a `userId` needs its `userHash`
 *   (docs/identity.md), or it is refused with 401 before anything is stored.
 * - `DELETE /v1/push/subscriptions` — `{ endpoint, userId?, anonymousId?, userHash? }`. Without
 *   ids the user is found by `endpoint`. With identity verification on, a write-key call naming a
 *   `userId` needs its `userHash`, or it is refused with 401 and the subscription stays.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { vapidPublicKey } from "../catalog/dev-vapid.ts";
import { subscriptionProblem } from "../channels/web-push.ts";
import type { AppEnv } from "../http/app-env.ts";
import { keyFromAuthorization } from "../http/credentials.ts";
import { HttpError } from "../http/errors.ts";
import { EVENT_MAX_BYTES } from "../http/read-json.ts";
import { DeletePushSubscription, SavePushSubscription } from "../http/schemas/push-subscription.ts";
import { parseOrThrow } from "../http/validate.ts";
import { assertUserVerified } from "../identity/verify-identity.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { eventKeyAuth } from "../middleware/key-auth.ts";
import { indexPushEndpoint, pushEndpointObject } from "../user/delivery/push-index.ts";
import { resolveKey } from "../workspace/keys.ts";
import { userObjectName } from "../workspace/user-object-name.ts";

export const pushRoutes = new Hono<AppEnv>();

pushRoutes.use("/push/*", cors({ origin: "*", allowMethods: ["GET", "POST", "DELETE", "OPTIONS"], allowHeaders: ["Authorization", "Content-Type"], maxAge: 86_400 }));

/** The SDK nests the subscription; a bare PushSubscription JSON is accepted as well. */
function nested(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Reflect.get(body, "subscription") !== undefined || Reflect.get(body, "endpoint") === undefined) return body;
  return { ...body, subscription: { endpoint: Reflect.get(body, "endpoint"), expirationTime: Reflect.get(body, "expirationTime"), keys: Reflect.get(body, "keys") } };
}

/** DELETE takes `endpoint`, or the subscription it names. */
function withEndpoint(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Reflect.get(body, "endpoint") !== undefined) return body;
  const subscription: unknown = Reflect.get(body, "subscription");
  return typeof subscription === "object" && subscription !== null ? { ...body, endpoint: Reflect.get(subscription, "endpoint") } : body;
}

function problemPath(problem: string): string {
  if (problem.startsWith("p256dh")) return "subscription.keys.p256dh";
  if (problem.startsWith("auth")) return "subscription.keys.auth";
  return "subscription.endpoint";
}

pushRoutes.get("/push/vapid-public-key", async (c) => {
  const key = keyFromAuthorization(c.req.header("authorization")) ?? c.req.query("writeKey") ?? null;
  const grant = key === null ? null : await resolveKey(c.env, key);
  if (grant === null) throw new HttpError(401, key === null ? "missing_key" : "invalid_key", "Send the write key as `?writeKey=` or HTTP Basic.");
  const publicKey = await vapidPublicKey(c.env, grant.workspace);
  if (publicKey === null) throw new HttpError(404, "not_configured", "Web push is not configured: set web_push in PUT /v1/admin/settings/channels.", { path: "web_push" });
  return c.json({ publicKey });
});

pushRoutes.post("/push/subscriptions", jsonBody({ maxBytes: EVENT_MAX_BYTES }), eventKeyAuth(), async (c) => {
  const body = parseOrThrow(SavePushSubscription, nested(c.get("body")));
  const workspace = c.get("workspace");
  await assertUserVerified(c.env, workspace, c.get("keyKind"), body.userId, body.userHash);
  const problem = subscriptionProblem({ endpoint: body.subscription.endpoint, keys: body.subscription.keys });
  if (problem !== undefined) throw new HttpError(400, "invalid_subscription", `subscription: ${problem}`, { path: problemPath(problem) });
  const name = userObjectName(workspace, body) ?? (body.oldEndpoint === undefined ? null : await pushEndpointObject(c.env.CATALOG_KV, workspace, body.oldEndpoint));
  if (name === null) throw new HttpError(400, "invalid_request", "userId or anonymousId is required", { path: "userId" });
  const ref = refOf(workspace, name, body);
  const saved = await c.env.USERS.getByName(name).savePushSubscription(ref, body.subscription, body.oldEndpoint);
  await indexPushEndpoint(c.env.CATALOG_KV, workspace, body.subscription.endpoint, name);
  return c.json({ success: true, created: saved.created, subscriptions: saved.subscriptions }, saved.created ? 201 : 200);
});

pushRoutes.delete("/push/subscriptions", jsonBody({ maxBytes: EVENT_MAX_BYTES }), eventKeyAuth(), async (c) => {
  const body = parseOrThrow(DeletePushSubscription, withEndpoint(c.get("body")));
  const workspace = c.get("workspace");
  await assertUserVerified(c.env, workspace, c.get("keyKind"), body.userId, body.userHash);
  const name = userObjectName(workspace, body) ?? (await pushEndpointObject(c.env.CATALOG_KV, workspace, body.endpoint));
  if (name === null) throw new HttpError(400, "invalid_request", "userId or anonymousId is required", { path: "userId" });
  const removed = await c.env.USERS.getByName(name).removePushSubscription(body.endpoint);
  return c.json({ success: true, ...removed });
});

/** The object's UserRef: the ids given, else the ones its name holds (`ws:user` or `ws:anon:id`). */
function refOf(workspace: string, name: string, ids: { userId?: string | undefined; anonymousId?: string | undefined }) {
  if (ids.userId !== undefined) return { workspace, userId: ids.userId };
  if (ids.anonymousId !== undefined) return { workspace, anonymousId: ids.anonymousId };
  const rest = name.slice(workspace.length + 1);
  return rest.startsWith("anon:") ? { workspace, anonymousId: rest.slice("anon:".length) } : { workspace, userId: rest };
}
