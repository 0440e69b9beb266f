/**
 * A workspace's identity-verification settings: when `enabled`, identified calls made with the
 * browser write key must carry `userHash` = hex HMAC-SHA256(userId, secret). Stored in KV
 * (`identity:<workspace>`) and read through this isolate's cache (5 s), so the check costs no
 * round trip per event; an admin write primes the cache of its own isolate.
 */
import { z } from "zod";
import { TtlCache } from "../catalog/ttl-cache.ts";

export const IdentitySettings = z
  .object({
    enabled: z.boolean(),
    /** The HMAC key. Kept when omitted on a later PUT; generated on the first enable without one. */
    secret: z.string().min(16, "at least 16 characters").max(256).optional(),
  })
  .strict()
  .meta({ id: "IdentitySettings" });
export type IdentitySettingsInput = z.infer<typeof IdentitySettings>;

export interface StoredIdentitySettings {
  enabled: boolean;
  secret: string | null;
  updatedAt: number | null;
}

const OFF: StoredIdentitySettings = { enabled: false, secret: null, updatedAt: null };
const cache = new TtlCache<StoredIdentitySettings>({ ttlMs: 5_000, max: 500 });

export const identityKey = (workspace: string): string => `identity:${workspace}`;

/** The settings in force (off when never set). */
export function identitySettings(env: Pick<Env, "CATALOG_KV">, workspace: string): Promise<StoredIdentitySettings> {
  return cache.get(workspace, async () => parse(await env.CATALOG_KV.get(identityKey(workspace), "json")));
}

/** Stores new settings (a missing secret keeps the old one, or is generated when enabling). */
export async function putIdentitySettings(env: Pick<Env, "CATALOG_KV">, workspace: string, input: IdentitySettingsInput, now: number): Promise<StoredIdentitySettings> {
  const before = parse(await env.CATALOG_KV.get(identityKey(workspace), "json"));
  const secret = input.secret ?? before.secret ?? (input.enabled ? newSecret() : null);
  const next: StoredIdentitySettings = { enabled: input.enabled, secret, updatedAt: now };
  await env.CATALOG_KV.put(identityKey(workspace), JSON.stringify(next));
  cache.set(workspace, next);
  return next;
}

function parse(value: unknown): StoredIdentitySettings {
  if (typeof value !== "object" || value === null) return OFF;
  const enabled = Reflect.get(value, "enabled") === true;
  const secret: unknown = Reflect.get(value, "secret");
  const updatedAt: unknown = Reflect.get(value, "updatedAt");
  return { enabled, secret: typeof secret === "string" ? secret : null, updatedAt: typeof updatedAt === "number" ? updatedAt : null };
}

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
