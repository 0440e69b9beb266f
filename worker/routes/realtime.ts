/**
 * The browser SDK's live in-app channel (docs/realtime.md), write key from `?writeKey=` (the SDK's
 * GET calls) or HTTP Basic/Bearer, the user from `userId` / `anonymousId` (+ `userHash` when
 * identity verification is on) in the query:
 * - `GET /v1/connect` — a WebSocket into the user's Durable Object (hibernatable): message frames
 *   arrive the moment a journey sends them. Without `Upgrade: websocket` → 426.
 * - `GET /v1/inbox` → `{ messages: [MessageFrame] }`: pending, unexpired, highest priority first.
 * Both count as an SDK session (in-app and overlay reachability).
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../http/app-env.ts";
import { keyFromAuthorization } from "../http/credentials.ts";
import { HttpError } from "../http/errors.ts";
import { assertUserVerified } from "../identity/verify-identity.ts";
import { connectRequest, type SocketCaller } from "../user/realtime/connect-request.ts";
import { resolveKey } from "../workspace/keys.ts";
import { userObjectName } from "../workspace/user-object-name.ts";

export const realtime = new Hono<AppEnv>();

realtime.use("/inbox", cors({ origin: "*", allowMethods: ["GET", "OPTIONS"], allowHeaders: ["Authorization"], maxAge: 86_400 }));

/** Write or secret key from the Authorization header, else `?writeKey=`. */
function queryKeyAuth(): MiddlewareHandler<AppEnv> {
  return async function queryKeyAuthMiddleware(c, next) {
    const key = keyFromAuthorization(c.req.header("authorization")) ?? c.req.query("writeKey") ?? null;
    if (key === null) throw new HttpError(401, "missing_key", "No API key: send the write key as `?writeKey=` or as the HTTP Basic user name.", { path: "writeKey" });
    const grant = await resolveKey(c.env, key);
    if (grant === null) throw new HttpError(401, "invalid_key", "Unknown API key.", { path: "writeKey" });
    c.set("workspace", grant.workspace);
    c.set("keyKind", grant.kind);
    await next();
  };
}

const MAX_ID = 256;

/** The verified caller and their object's name, from the query. */
async function callerOf(c: Context<AppEnv>): Promise<{ caller: SocketCaller; name: string }> {
  const workspace = c.get("workspace");
  const userId = idParam(c, "userId");
  const anonymousId = idParam(c, "anonymousId");
  const name = userObjectName(workspace, { userId, anonymousId });
  if (name === null) throw new HttpError(400, "invalid_request", "userId or anonymousId is required", { path: "anonymousId" });
  await assertUserVerified(c.env, workspace, c.get("keyKind"), userId, c.req.query("userHash"));
  return { caller: { workspace, userId, anonymousId }, name };
}

function idParam(c: Context<AppEnv>, field: "userId" | "anonymousId"): string | undefined {
  const value = c.req.query(field);
  if (value === undefined || value === "") return undefined;
  if (value.length > MAX_ID) throw new HttpError(400, "invalid_request", `${field}: at most ${MAX_ID} characters`, { path: field });
  return value;
}

realtime.get("/connect", queryKeyAuth(), async (c) => {
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(426, "upgrade_required", "GET /v1/connect is a WebSocket: open it with `new WebSocket(url)` (Upgrade: websocket).", { headers: { Upgrade: "websocket" } });
  }
  const { caller, name } = await callerOf(c);
  return c.env.USERS.getByName(name).fetch(connectRequest(caller));
});

realtime.get("/inbox", queryKeyAuth(), async (c) => {
  const { name } = await callerOf(c);
  const messages = await c.env.USERS.getByName(name).inbox();
  c.header("Cache-Control", "no-store");
  return c.json({ messages });
});
