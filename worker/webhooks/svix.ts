/**
 * Svix webhook signatures (Resend sends its webhooks through Svix): HMAC-SHA256 over
 * `${svix-id}.${svix-timestamp}.${raw body}` with the base64 key after `whsec_`, sent base64 in
 * `svix-signature` as space-separated `v1,<sig>` entries (several during a secret rotation).
 * Docs: https://docs.svix.com/receiving/verifying-payloads/how-manual
 */
import { base64, fromBase64, timingSafeEqual } from "./bytes.ts";
import { hmac } from "./hmac.ts";
import { header, type VerifyResult, type WebhookRequest } from "./types.ts";

/** Svix's own default: a signature older or newer than 5 minutes is a replay. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The HMAC key in a `whsec_…` secret, or null when it is not one. */
function secretKey(secret: string): Uint8Array<ArrayBuffer> | null {
  const body = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
  const key = fromBase64(body);
  return key === null || key.length === 0 ? null : key;
}

/** The `v1,<base64>` signature Svix would send for these parts (also used by tests and local tools). */
export async function svixSignature(secret: string, id: string, timestamp: string, rawBody: string): Promise<string> {
  const key = secretKey(secret);
  if (key === null) throw new Error("not a whsec_ secret");
  return `v1,${base64(await hmac("SHA-256", key, `${id}.${timestamp}.${rawBody}`))}`;
}

/** Checks the timestamp is within `toleranceSeconds` of `now` (epoch ms). */
export function checkTimestamp(timestamp: string, now: number, toleranceSeconds: number): VerifyResult {
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `timestamp header ${JSON.stringify(timestamp)} is not epoch seconds` };
  const skew = Math.round(now / 1000 - Number(timestamp));
  if (Math.abs(skew) > toleranceSeconds) {
    return { ok: false, reason: `timestamp ${timestamp} is ${Math.abs(skew)} s ${skew > 0 ? "old" : "in the future"} (tolerance ${toleranceSeconds} s): expired or replayed` };
  }
  return { ok: true };
}

/**
 * Verifies a Svix-signed request (headers `svix-*`, or the unbranded `webhook-*`).
 * @param [toleranceSeconds=300]
 */
export async function verifySvix(req: WebhookRequest, secret: string, now: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Promise<VerifyResult> {
  const id = header(req.headers, "svix-id") ?? header(req.headers, "webhook-id");
  const timestamp = header(req.headers, "svix-timestamp") ?? header(req.headers, "webhook-timestamp");
  const signatures = header(req.headers, "svix-signature") ?? header(req.headers, "webhook-signature");
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    return { ok: false, reason: "unsigned: missing svix-id, svix-timestamp or svix-signature header" };
  }
  const key = secretKey(secret);
  if (key === null) return { ok: false, reason: "the configured Resend signing secret is not a whsec_ secret" };
  const fresh = checkTimestamp(timestamp, now, toleranceSeconds);
  if (!fresh.ok) return fresh;
  const expected = await hmac("SHA-256", key, `${id}.${timestamp}.${req.rawBody}`);
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || value === undefined) continue;
    const given = fromBase64(value);
    if (given !== null && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "svix-signature does not match: forged, body changed, or a different signing secret" };
}

