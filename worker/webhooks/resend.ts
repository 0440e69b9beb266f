/**
 * Resend webhooks: Svix-signed JSON `{ type, created_at, data }`. Engagement events carry the
 * e-mail (`data.email_id`, `data.to`, `data.tags`); `contact.updated` with `unsubscribed: true`
 * is an unsubscribe from a Resend audience.
 * Docs: https://resend.com/docs/dashboard/webhooks/event-types , https://resend.com/docs/webhooks/verify-webhooks-requests
 */
import type { SignalType } from "../delivery/engagement/signal.ts";
import { makeSignal } from "./make-signal.ts";
import { decodeTagValue, REF_FIELDS, type MessageRef } from "./message-ref.ts";
import { verifySvix } from "./svix.ts";
import { header, instant, parseJson, record, text, type ParseContext, type ParseResult, type VerifyResult, type WebhookRequest } from "./types.ts";

export interface ResendWebhookSecrets {
  /** The endpoint's signing secret from the Resend dashboard ("whsec_…"). */
  signingSecret: string;
}

/** Verifies the Svix signature of a Resend webhook. */
export function verifyResend(req: WebhookRequest, secrets: ResendWebhookSecrets, now: number, toleranceSeconds?: number): Promise<VerifyResult> {
  return verifySvix(req, secrets.signingSecret, now, toleranceSeconds);
}

const EMAIL_EVENTS: Record<string, SignalType> = {
  "email.delivered": "delivered",
  "email.opened": "opened",
  "email.clicked": "clicked",
  "email.bounced": "bounced",
  "email.complained": "complained",
  // Not sent because an earlier bounce or complaint put the address on Resend's suppression list.
  "email.suppressed": "bounced",
};

/** Tags arrive as `{ name: value }` (current) or `[{ name, value }]` (older payloads). */
function tagRef(tags: unknown): MessageRef {
  const values = new Map<string, string>();
  if (Array.isArray(tags)) {
    for (const t of tags) {
      const r = record(t);
      const name = text(r?.["name"]);
      const value = text(r?.["value"]);
      if (name !== undefined && value !== undefined) values.set(name, value);
    }
  } else {
    for (const [name, value] of Object.entries(record(tags) ?? {})) if (typeof value === "string") values.set(name, value);
  }
  const user = values.get(REF_FIELDS.user);
  const key = values.get(REF_FIELDS.key);
  return { userId: user === undefined ? undefined : decodeTagValue(user), messageKey: key === undefined ? undefined : decodeTagValue(key) };
}

/**
 * The engagement signals in a Resend webhook body. Never throws.
 * @param [context.headers] supplies `svix-id`, the de-duplication id of the delivery attempt's message
 */
export function parseResend(rawBody: string, context: ParseContext = {}): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const body = record(json.value);
  const type = text(body?.["type"]);
  const data = record(body?.["data"]);
  if (body === undefined || type === undefined || data === undefined) return { ok: false, reason: "expected { type, created_at, data }" };
  const at = instant(body["created_at"], context.receivedAt);
  if (at === undefined) return { ok: false, reason: "created_at is not a date" };
  const eventId = header(context.headers, "svix-id") ?? header(context.headers, "webhook-id");

  if (type === "contact.updated") {
    if (data["unsubscribed"] !== true) return { ok: true, signals: [], ignored: ["contact.updated: not an unsubscribe"] };
    const address = text(data["email"]);
    const id = `resend:${eventId ?? `contact:${text(data["id"]) ?? address}:${at}`}`;
    return { ok: true, signals: [makeSignal({ channel: "email", type: "unsubscribed", at, source: "resend", id, address })], ignored: [] };
  }
  const signalType = EMAIL_EVENTS[type];
  if (signalType === undefined) return { ok: true, signals: [], ignored: [`${type}: not an engagement signal`] };

  const emailId = text(data["email_id"]);
  const to = Array.isArray(data["to"]) ? text(data["to"][0]) : text(data["to"]);
  const bounce = record(data["bounce"]);
  const click = record(data["click"]);
  const signal = makeSignal({
    channel: "email",
    type: signalType,
    at,
    source: "resend",
    id: `resend:${eventId ?? `${emailId}:${type}:${at}`}`,
    ref: tagRef(data["tags"]),
    providerMessageId: emailId,
    address: to,
    url: text(click?.["link"]),
    permanent: signalType === "bounced" ? text(bounce?.["type"]) !== "Transient" : undefined,
    reason: type === "email.suppressed" ? "on Resend's suppression list" : text(bounce?.["message"]),
  });
  return { ok: true, signals: [signal], ignored: [] };
}
