/**
 * SendGrid Event Webhook: a JSON array of events, signed (when "Signed Event Webhook Requests"
 * is on) with ECDSA P-256 over `timestamp + raw body`: base64 DER signature in
 * `X-Twilio-Email-Event-Webhook-Signature`, the timestamp in `X-Twilio-Email-Event-Webhook-Timestamp`,
 * verified with the base64 DER public key shown in the SendGrid settings. Custom args the adapter
 * set (`nudge_user`, `nudge_key`) come back as top-level fields of each event.
 * Docs: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features ,
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 */
import type { EngagementSignal, SignalType } from "../delivery/engagement/signal.ts";
import { fromBase64, utf8 } from "./bytes.ts";
import { importP256, spkiBytes, verifyDer } from "./ecdsa.ts";
import { makeSignal } from "./make-signal.ts";
import { refFromFields } from "./message-ref.ts";
import { checkTimestamp, DEFAULT_TOLERANCE_SECONDS } from "./svix.ts";
import { header, instant, parseJson, record, text, type ParseContext, type ParseResult, type VerifyResult, type WebhookRequest } from "./types.ts";

export interface SendgridWebhookSecrets {
  /** The verification key from Settings → Mail Settings → Event Webhook (base64 DER, or PEM). */
  publicKey: string;
}

export const SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
export const TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

/**
 * Verifies a signed SendGrid Event Webhook request.
 * @param [toleranceSeconds=300] SendGrid sets no limit; five minutes, like Svix, stops replays
 */
export async function verifySendgrid(req: WebhookRequest, secrets: SendgridWebhookSecrets, now: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): Promise<VerifyResult> {
  const signature = header(req.headers, SIGNATURE_HEADER);
  const timestamp = header(req.headers, TIMESTAMP_HEADER);
  if (signature === undefined || timestamp === undefined) {
    return { ok: false, reason: `unsigned: missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER} header (turn on Signed Event Webhook Requests)` };
  }
  const spki = spkiBytes(secrets.publicKey);
  const key = spki === null ? null : await importP256(spki);
  if (key === null) return { ok: false, reason: "the configured SendGrid verification key is not a base64 P-256 public key" };
  const fresh = checkTimestamp(timestamp, now, toleranceSeconds);
  if (!fresh.ok) return fresh;
  const der = fromBase64(signature);
  if (der === null || !(await verifyDer(key, der, utf8(timestamp + req.rawBody)))) {
    return { ok: false, reason: `${SIGNATURE_HEADER} does not match: forged, body changed, or a different key` };
  }
  return { ok: true };
}

const EVENTS: Record<string, SignalType> = {
  delivered: "delivered",
  open: "opened",
  click: "clicked",
  bounce: "bounced",
  spamreport: "complained",
  unsubscribe: "unsubscribed",
  group_unsubscribe: "unsubscribed",
  group_resubscribe: "resubscribed",
};

/** Drops for a suppressed address say why it is suppressed: that is the reachability news. */
const DROP_REASONS: Record<string, { type: SignalType; permanent?: boolean }> = {
  "Bounced Address": { type: "bounced", permanent: true },
  "Invalid": { type: "bounced", permanent: true },
  "Spam Reporting Address": { type: "complained" },
  "Unsubscribed Address": { type: "unsubscribed" },
};

function classify(name: string, reason: string | undefined): { type: SignalType; permanent?: boolean } | undefined {
  if (name === "dropped") return DROP_REASONS[reason ?? ""];
  const type = EVENTS[name];
  return type === undefined ? undefined : { type };
}

function toSignal(event: Record<string, unknown>, receivedAt: number | undefined): EngagementSignal | string {
  const name = text(event["event"]) ?? "(no event)";
  const reason = text(event["reason"]);
  const mapped = classify(name, reason);
  if (mapped === undefined) return `${name}${reason !== undefined ? ` (${reason})` : ""}: not an engagement signal`;
  // Apple Mail Privacy Protection and similar proxies "open" every message: not the user.
  if (name === "open" && event["sg_machine_open"] === true) return "open: machine open (privacy proxy)";
  const at = instant(event["timestamp"], receivedAt);
  if (at === undefined) return `${name}: no timestamp`;
  const messageId = text(event["sg_message_id"]);
  return makeSignal({
    channel: "email",
    type: mapped.type,
    at,
    source: "sendgrid",
    id: `sendgrid:${text(event["sg_event_id"]) ?? `${messageId}:${name}:${at}`}`,
    ref: refFromFields((field) => event[field]),
    providerMessageId: messageId,
    address: text(event["email"]),
    url: text(event["url"]),
    // A "blocked" bounce is the receiving server refusing for now (reputation, content): it may pass later.
    permanent: mapped.type === "bounced" ? (mapped.permanent ?? text(event["type"]) !== "blocked") : undefined,
    reason,
  });
}

/** The engagement signals in a SendGrid Event Webhook body (a JSON array). Never throws. */
export function parseSendgrid(rawBody: string, context: ParseContext = {}): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  if (!Array.isArray(json.value)) return { ok: false, reason: "expected a JSON array of events" };
  const signals: EngagementSignal[] = [];
  const ignored: string[] = [];
  for (const item of json.value) {
    const event = record(item);
    const result = event === undefined ? "an array item that is not an object" : toSignal(event, context.receivedAt);
    if (typeof result === "string") ignored.push(result);
    else signals.push(result);
  }
  return { ok: true, signals, ignored };
}
