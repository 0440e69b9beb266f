/**
 * API keys → workspace. The default workspace's keys come from vars (defaults `wk_dev` /
 * `sk_dev`), so the common case never leaves the isolate; other workspaces' keys live in KV
 * (`key:<key>` → `{ workspace, kind }`) behind an isolate cache, so an event costs at most one
 * edge-cached KV read per key per minute — never a hop to one global object.
 */
import { TtlCache } from "../catalog/ttl-cache.ts";
import { DEFAULT_SECRET_KEY, DEFAULT_WORKSPACE, DEFAULT_WRITE_KEY } from "./env-vars.ts";

/** `write`: browser key, event routes only. `secret`: server key, event and admin routes. */
export type KeyKind = "write" | "secret";

export interface KeyGrant {
  workspace: string;
  kind: KeyKind;
}

/** The bindings key resolution reads. */
export type KeyEnv = Pick<Env, "NUDGE_WORKSPACE" | "NUDGE_WRITE_KEY" | "NUDGE_SECRET_KEY"> & { CATALOG_KV?: KVNamespace };

const grants = new TtlCache<KeyGrant | null>({ ttlMs: 60_000, max: 2000 });

/** The KV key under which another workspace's API key is registered. */
export function keyRecordName(key: string): string {
  return `key:${key}`;
}

/** The default workspace id (`NUDGE_WORKSPACE`, else "demo"). */
export function defaultWorkspace(env: KeyEnv): string {
  return env.NUDGE_WORKSPACE ?? DEFAULT_WORKSPACE;
}

/** The workspace and kind of `key`, or null when it is unknown. */
export async function resolveKey(env: KeyEnv, key: string): Promise<KeyGrant | null> {
  if (key === "") return null;
  const workspace = defaultWorkspace(env);
  if (sameKey(key, env.NUDGE_SECRET_KEY ?? DEFAULT_SECRET_KEY)) return { workspace, kind: "secret" };
  if (sameKey(key, env.NUDGE_WRITE_KEY ?? DEFAULT_WRITE_KEY)) return { workspace, kind: "write" };
  const kv = env.CATALOG_KV;
  if (kv === undefined) return null;
  return grants.get(keyRecordName(key), async () => parseGrant(await kv.get(keyRecordName(key), "json")));
}

function parseGrant(value: unknown): KeyGrant | null {
  if (typeof value !== "object" || value === null) return null;
  const workspace: unknown = Reflect.get(value, "workspace");
  const kind: unknown = Reflect.get(value, "kind");
  if (typeof workspace !== "string" || (kind !== "write" && kind !== "secret")) return null;
  return { workspace, kind };
}

/** Compares without an early exit, so response time does not reveal how much of a key matched. */
function sameKey(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}
