/**
 * WhatsApp Cloud API (Meta) webhooks: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body, keyed with the app secret>`; message statuses arrive in
 * `entry[].changes[].value.statuses[]` (sent, delivered, read, failed) with the
 * `biz_opaque_callback_data` the adapter set. Subscribing the endpoint is a GET handshake:
 * echo `hub.challenge` when `hub.verify_token` matches.
 * Docs: https://developers.facebook.com/docs/graph-api/webhooks/getting-started ,
 * https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components
 */
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import { hex, timingSafeEqual, utf8 } from "./bytes.ts";
import { hmac } from "./hmac.ts";
import { makeSignal } from "./make-signal.ts";
import { decodeMessageRef, type MessageRef } from "./message-ref.ts";
import { header, instant, parseJson, record, text, type ParseContext, type ParseResult, type VerifyResult, type WebhookRequest } from "./types.ts";

export interface WhatsappWebhookSecrets {
  /** The Meta app's App Secret (App settings → Basic). */
  appSecret: string;
  /** The Verify Token typed into the webhook configuration, echoed in the GET handshake. */
  verifyToken: string;
}

/** Verifies `X-Hub-Signature-256` over the raw body. */
export async function verifyWhatsapp(req: WebhookRequest, secrets: Pick<WhatsappWebhookSecrets, "appSecret">): Promise<VerifyResult> {
  const signature = header(req.headers, "x-hub-signature-256");
  if (signature === undefined) return { ok: false, reason: "unsigned: missing X-Hub-Signature-256 header" };
  if (!signature.startsWith("sha256=")) return { ok: false, reason: "X-Hub-Signature-256 is not sha256=<hex>" };
  const expected = hex(await hmac("SHA-256", secrets.appSecret, req.rawBody));
  if (!timingSafeEqual(utf8(signature.slice("sha256=".length).toLowerCase()), utf8(expected))) {
    return { ok: false, reason: "X-Hub-Signature-256 does not match: forged, body changed, or a different app secret" };
  }
  return { ok: true };
}

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; reason: string };

/**
 * The GET subscription handshake: `?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * Answer 200 with `challenge` as plain text when ok, else 403.
 */
export function whatsappHandshake(url: string, secrets: Pick<WhatsappWebhookSecrets, "verifyToken">): HandshakeResult {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return { ok: false, reason: "request URL is not absolute" };
  }
  if (params.get("hub.mode") !== "subscribe") return { ok: false, reason: "hub.mode is not subscribe" };
  const token = params.get("hub.verify_token") ?? "";
  if (!timingSafeEqual(utf8(token), utf8(secrets.verifyToken))) return { ok: false, reason: "hub.verify_token does not match the configured verify token" };
  const challenge = params.get("hub.challenge");
  if (challenge === null || challenge === "") return { ok: false, reason: "missing hub.challenge" };
  return { ok: true, challenge };
}

/** 131026: not on WhatsApp or cannot receive; 131050: the user stopped marketing messages from this business. */
const UNDELIVERABLE = 131026;
const STOPPED_MARKETING = 131050;

function refOf(opaque: string | undefined): MessageRef {
  if (opaque === undefined) return {};
  return decodeMessageRef(opaque) ?? { messageKey: opaque };
}

function statusSignal(status: Record<string, unknown>, receivedAt: number | undefined): EngagementSignal | string {
  const state = text(status["status"]) ?? "(no status)";
  const wamid = text(status["id"]);
  const at = instant(status["timestamp"], receivedAt);
  if (at === undefined) return `${state}: no timestamp`;
  const recipient = text(status["recipient_id"]);
  const base = {
    channel: "whatsapp" as const, at, source: "whatsapp" as const, id: `whatsapp:${wamid}:${state}`,
    ref: refOf(text(status["biz_opaque_callback_data"])), providerMessageId: wamid,
    address: recipient === undefined ? undefined : recipient.startsWith("+") ? recipient : `+${recipient}`,
  };
  if (state === "delivered") return makeSignal({ ...base, type: "delivered" });
  if (state === "read") return makeSignal({ ...base, type: "read" });
  if (state !== "failed") return `${state}: not an engagement signal`;
  const error = record(Array.isArray(status["errors"]) ? status["errors"][0] : undefined);
  const code = typeof error?.["code"] === "number" ? error["code"] : undefined;
  const reason = [code, text(error?.["title"]) ?? text(error?.["message"])].filter((s) => s !== undefined).join(" ");
  if (code === STOPPED_MARKETING) return makeSignal({ ...base, type: "unsubscribed", reason });
  return makeSignal({ ...base, type: "failed", permanent: code === UNDELIVERABLE, reason: reason === "" ? undefined : reason });
}

/** The engagement signals in a WhatsApp webhook body (every status of every entry and change). Never throws. */
export function parseWhatsapp(rawBody: string, context: ParseContext = {}): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const body = record(json.value);
  if (body === undefined || !Array.isArray(body["entry"])) return { ok: false, reason: "expected { object, entry: [...] }" };
  const signals: EngagementSignal[] = [];
  const ignored: string[] = [];
  for (const entry of body["entry"]) {
    const changes = record(entry)?.["changes"];
    for (const change of Array.isArray(changes) ? changes : []) {
      const value = record(record(change)?.["value"]);
      const statuses = value?.["statuses"];
      for (const status of Array.isArray(statuses) ? statuses : []) {
        const s = record(status);
        const result = s === undefined ? "a status that is not an object" : statusSignal(s, context.receivedAt);
        if (typeof result === "string") ignored.push(result);
        else signals.push(result);
      }
      const messages = value?.["messages"];
      if (Array.isArray(messages) && messages.length > 0) ignored.push(`${messages.length} incoming message(s): not engagement signals`);
    }
  }
  return { ok: true, signals, ignored };
}
