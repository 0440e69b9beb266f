/**
 * Identity verification for browser calls. With it on for the workspace, a call made with the
 * write key that names a `userId` must carry `userHash` = hex HMAC-SHA256(userId, secret), or the
 * request is refused with 401 — otherwise anyone could read or write another user's profile from
 * the browser. Calls with the secret key (servers) are exempt.
 *
 * In a batch, a userId counts as verified when any item naming it carries its valid hash (the
 * SDK puts it on every item); the error names the first item that fails.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import type { KeyKind } from "../workspace/keys.ts";
import { identitySettings } from "./settings.ts";
import { isValidUserHash } from "./user-hash.ts";

/** Middleware for the event routes; needs `jsonBody()` and the key check before it. */
export function verifyIdentity(): MiddlewareHandler<AppEnv> {
  return async function verifyIdentityMiddleware(c, next) {
    await assertBodyVerified(c.env, c.get("workspace"), c.get("keyKind"), c.get("body"));
    await next();
  };
}

/**
 * For any route that acts for a browser-named user (inbox, connect, push subscriptions): throws
 * the 401 unless verification is off, the key is the secret key, or `userHash` matches.
 * @param [path="userHash"] the field named in the error
 */
export async function assertUserVerified(env: Pick<Env, "CATALOG_KV">, workspace: string, keyKind: KeyKind, userId: string | undefined, userHash: unknown, path = "userHash"): Promise<void> {
  if (keyKind !== "write" || userId === undefined || userId === "") return;
  const settings = await identitySettings(env, workspace);
  if (!settings.enabled || settings.secret === null) return;
  if (!(await isValidUserHash(userId, userHash, settings.secret))) throw unverified(userId, userHash, path);
}

async function assertBodyVerified(env: Pick<Env, "CATALOG_KV">, workspace: string, keyKind: KeyKind, body: unknown): Promise<void> {
  if (keyKind !== "write") return;
  const settings = await identitySettings(env, workspace);
  if (!settings.enabled || settings.secret === null) return;
  const items = callsOf(body);
  const verified = new Set<string>();
  for (const { userId, userHash } of items) {
    if (userId !== undefined && !verified.has(userId) && (await isValidUserHash(userId, userHash, settings.secret))) verified.add(userId);
  }
  const failing = items.find((item) => item.userId !== undefined && !verified.has(item.userId));
  if (failing?.userId !== undefined) throw unverified(failing.userId, failing.userHash, `${failing.prefix}userHash`);
}

interface NamedCall {
  prefix: string;
  userId: string | undefined;
  userHash: unknown;
}

/** The calls of a single-call or batch body, with the userId they name. */
function callsOf(body: unknown): NamedCall[] {
  if (!isObject(body)) return [];
  const batch: unknown = Reflect.get(body, "batch");
  const raw: { prefix: string; item: unknown }[] = Array.isArray(batch) ? batch.map((item, i) => ({ prefix: `batch[${i}].`, item })) : [{ prefix: "", item: body }];
  return raw.flatMap(({ prefix, item }) => {
    if (!isObject(item)) return [];
    const id: unknown = Reflect.get(item, "userId");
    const userId = typeof id === "string" && id !== "" ? id : typeof id === "number" ? String(id) : undefined;
    return [{ prefix, userId, userHash: Reflect.get(item, "userHash") }];
  });
}

function unverified(userId: string, given: unknown, path: string): HttpError {
  const what = given === undefined ? "has no userHash" : "has a userHash that does not match";
  return new HttpError(
    401,
    "identity_not_verified",
    `Identity verification is on: this call for userId ${JSON.stringify(userId)} ${what}. Send userHash = hex HMAC-SHA256(userId, the workspace's identity secret), computed on your server, or call with the secret key.`,
    { path },
  );
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
