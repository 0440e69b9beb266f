/**
 * API-key middleware. `eventKeyAuth()` guards the event routes (write key or secret key, from the
 * Authorization header or the body's `writeKey`); `secretKeyAuth()` guards admin routes (secret key
 * only: a write key gets 403). Both set `workspace` and `keyKind` on the context.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { keyFromAuthorization, keyFromBody } from "../http/credentials.ts";
import { HttpError } from "../http/errors.ts";
import { type KeyGrant, resolveKey } from "../workspace/keys.ts";

const challenge = { "WWW-Authenticate": 'Basic realm="nudge"' };

async function authenticate(c: Context<AppEnv>, key: string | null): Promise<KeyGrant> {
  if (key === null) {
    throw new HttpError(401, "missing_key", "No API key: send the write key as the HTTP Basic user name (or `writeKey`), or the secret key as a Bearer token.", {
      headers: challenge,
    });
  }
  const grant = await resolveKey(c.env, key);
  if (grant === null) throw new HttpError(401, "invalid_key", "Unknown API key.", { headers: challenge });
  c.set("workspace", grant.workspace);
  c.set("keyKind", grant.kind);
  return grant;
}

/** Write or secret key; the header wins, else `writeKey` in the JSON body (needs `jsonBody()` first). */
export function eventKeyAuth(): MiddlewareHandler<AppEnv> {
  return async function eventKeyAuthMiddleware(c, next) {
    const key = keyFromAuthorization(c.req.header("authorization")) ?? keyFromBody(c.get("body"));
    await authenticate(c, key);
    await next();
  };
}

/** Secret key only (Bearer or Basic user name); a write key is refused with 403. */
export function secretKeyAuth(): MiddlewareHandler<AppEnv> {
  return async function secretKeyAuthMiddleware(c, next) {
    const grant = await authenticate(c, keyFromAuthorization(c.req.header("authorization")));
    if (grant.kind !== "secret") {
      throw new HttpError(403, "forbidden", "This route needs the secret key; a write key can only send events.");
    }
    await next();
  };
}
