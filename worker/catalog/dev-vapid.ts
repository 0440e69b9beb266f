/**
 * The workspace's VAPID public key for `GET /v1/push/vapid-public-key`. In development
 * (`NUDGE_ENV=development`) a workspace without web push settings gets a generated key pair,
 * stored in its channel settings (`web_push`, subject `mailto:nudge@localhost`) and kept from then
 * on, so the SDK can subscribe with no setup. Elsewhere the key must be configured.
 */
import { base64url } from "../webhooks/bytes.ts";
import { getSettingsDocs, putSettingsDoc, withSettingsSchema } from "./settings-store.ts";
import { publishRuntimeSettings, readRuntimeSettings, type SettingsEnv } from "./workspace-settings.ts";

export const DEV_VAPID_SUBJECT = "mailto:nudge@localhost";

/** A fresh VAPID key pair, base64url (65-byte public point, 32-byte private scalar). */
export async function generateVapidKeys(): Promise<{ publicKey: string; privateKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  if (!("privateKey" in pair)) throw new Error("expected a key pair");
  const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const d: unknown = jwk instanceof ArrayBuffer ? undefined : jwk.d;
  if (!(raw instanceof ArrayBuffer) || typeof d !== "string") throw new Error("could not export the VAPID key pair");
  return { publicKey: base64url(new Uint8Array(raw)), privateKey: d };
}

/** The configured VAPID public key; in development one is generated and stored if absent. Null when none. */
export async function vapidPublicKey(env: SettingsEnv & Pick<Env, "NUDGE_ENV">, workspace: string): Promise<string | null> {
  const configured = webPushKey((await readRuntimeSettings(env, workspace)).channels);
  if (configured !== null || env.NUDGE_ENV !== "development") return configured;
  const db = env.CATALOG_DB;
  const channels = await withSettingsSchema(db, async () => {
    const current = (await getSettingsDocs(db, workspace)).channels?.body;
    const stored = webPushKey(current);
    if (stored !== null) return null;
    const keys = await generateVapidKeys();
    const base = typeof current === "object" && current !== null ? current : {};
    const next = { ...base, web_push: { ...keys, subject: DEV_VAPID_SUBJECT } };
    await putSettingsDoc(db, workspace, "channels", next, Date.now());
    return next;
  });
  const published = await publishRuntimeSettings(env, workspace);
  return webPushKey(channels ?? published.channels);
}

function webPushKey(channels: unknown): string | null {
  if (typeof channels !== "object" || channels === null) return null;
  const webPush: unknown = Reflect.get(channels, "web_push");
  if (typeof webPush !== "object" || webPush === null) return null;
  const key: unknown = Reflect.get(webPush, "publicKey");
  return typeof key === "string" && key !== "" ? key : null;
}
