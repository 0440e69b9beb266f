/**
 * A workspace's delivery settings as the runtime reads them (`RuntimeSettings`): channel
 * settings, delivery policy, webhook secrets, the unsubscribe secret, the public URL for links,
 * and the workspace's best hour. Built from D1 (settings-store.ts), published to KV
 * (`settings:<workspace>`), and read by User Durable Objects through this isolate's cache, so a
 * send never waits on one global object. An admin write primes the cache of its own isolate;
 * others see it within `NUDGE_CATALOG_TTL_MS` (default 5 s).
 */
import type { z } from "zod";
import { DeliveryPolicy } from "../delivery/policy/schema.ts";
import { WebhookSecrets } from "../webhooks/secrets.ts";
import { base64url } from "../webhooks/bytes.ts";
import { contentHash } from "./content-hash.ts";
import { bestHourKey, settingsKey } from "./kv-keys.ts";
import { getSettingsDocs, putSettingsDocOnce, withSettingsSchema } from "./settings-store.ts";
import { type CatalogEnv, liveTtl } from "./snapshot.ts";
import { TtlCache } from "./ttl-cache.ts";

declare global {
  interface Env {
    /** The Worker's public origin for links in messages (unsubscribe). Default: the origin of the last admin settings call. */
    NUDGE_PUBLIC_URL?: string;
  }
  namespace Cloudflare {
    interface Env {
      NUDGE_PUBLIC_URL?: string;
    }
  }
}

export interface RuntimeSettings {
  /** Changes whenever anything here changes (a hash). */
  version: string;
  /** The stored channel settings (validated when stored), or null when none were ever stored. */
  channels: Record<string, unknown> | null;
  policy: DeliveryPolicy | null;
  webhooks: WebhookSecrets | null;
  /** Signs unsubscribe links; generated once per workspace, never shown. */
  unsubscribeSecret: string;
  /** Origin for links in messages, e.g. "https://nudge.example.com"; null when unknown. */
  publicUrl: string | null;
}

export type SettingsEnv = CatalogEnv & Pick<Env, "NUDGE_PUBLIC_URL">;

const settingsCache = new TtlCache<RuntimeSettings>({ ttlMs: 5_000, max: 200 });
const bestHourCache = new TtlCache<number | null>({ ttlMs: 3_600_000, max: 200 });

/** The runtime settings as D1 has them now (creating the unsubscribe secret on first use). */
export async function buildRuntimeSettings(env: SettingsEnv, workspace: string): Promise<RuntimeSettings> {
  const db = env.CATALOG_DB;
  return withSettingsSchema(db, async () => {
    const docs = await getSettingsDocs(db, workspace);
    let secrets = docs.secrets?.body;
    if (!hasSecret(secrets)) secrets = await putSettingsDocOnce(db, workspace, "secrets", { unsubscribeSecret: newSecret() }, Date.now());
    const unsubscribeSecret = hasSecret(secrets) ? secrets.unsubscribeSecret : newSecret();
    const site = docs.site?.body;
    const recorded = typeof site === "object" && site !== null ? Reflect.get(site, "publicUrl") : undefined;
    const content = {
      channels: objectOrNull(docs.channels?.body),
      policy: parsed(DeliveryPolicy, docs.policy?.body),
      webhooks: parsed(WebhookSecrets, docs.webhooks?.body),
      unsubscribeSecret,
      publicUrl: env.NUDGE_PUBLIC_URL ?? (typeof recorded === "string" ? recorded : null),
    };
    return { version: (await contentHash(content)).slice(0, 16), ...content };
  });
}

/** Rebuilds the snapshot, writes it to KV and primes this isolate's cache. */
export async function publishRuntimeSettings(env: SettingsEnv, workspace: string): Promise<RuntimeSettings> {
  const settings = await buildRuntimeSettings(env, workspace);
  await env.CATALOG_KV.put(settingsKey(workspace), JSON.stringify(settings));
  settingsCache.set(workspace, settings, liveTtl(env));
  return settings;
}

/** The workspace's runtime settings: isolate cache, then KV, then D1 (publishing what it built). */
export function readRuntimeSettings(env: SettingsEnv, workspace: string): Promise<RuntimeSettings> {
  return settingsCache.get(
    workspace,
    async () => (await env.CATALOG_KV.get<RuntimeSettings>(settingsKey(workspace), "json")) ?? publishRuntimeSettings(env, workspace),
    liveTtl(env),
  );
}

/** The workspace's best hour (most users' learned hour), cached an hour per isolate; null without enough voters. */
export function readWorkspaceBestHour(env: Pick<Env, "CATALOG_KV">, workspace: string): Promise<number | null> {
  return bestHourCache.get(workspace, async () => {
    const stored = await env.CATALOG_KV.get<{ hour: number | null }>(bestHourKey(workspace), "json");
    const hour = stored?.hour;
    return typeof hour === "number" && Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : null;
  });
}

/** Publishes the workspace's best hour (after the votes moved). */
export async function publishWorkspaceBestHour(env: Pick<Env, "CATALOG_KV">, workspace: string, hour: number | null): Promise<void> {
  await env.CATALOG_KV.put(bestHourKey(workspace), JSON.stringify({ hour }));
  bestHourCache.set(workspace, hour);
}

/** Forgets this isolate's settings caches (tests). */
export function clearSettingsCaches(): void {
  settingsCache.clear();
  bestHourCache.clear();
}

function hasSecret(value: unknown): value is { unsubscribeSecret: string } {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "unsubscribeSecret") === "string";
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
}

/** A stored document read back through its schema (stored ones were validated: null only if the schema changed since). */
function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
  if (value === undefined) return null;
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
}

function newSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}
