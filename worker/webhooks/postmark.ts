/**
 * Postmark webhooks: one JSON record per request, told apart by `RecordType` (Delivery, Bounce,
 * SpamComplaint, Open, Click, SubscriptionChange). Postmark does not sign webhooks; it sends the
 * HTTP Basic credentials written into the webhook URL (`https://user:pass@host/...`), which we
 * compare in constant time. `Metadata` carries the ids the adapter set.
 * Docs: https://postmarkapp.com/developer/webhooks/webhooks-overview ,
 * https://postmarkapp.com/developer/webhooks/bounce-webhook (and the other record types)
 */
import type { SignalType } from "../delivery/engagement/signal.ts";
import { fromBase64, fromUtf8, timingSafeEqual, utf8 } from "./bytes.ts";
import { makeSignal } from "./make-signal.ts";
import { refFromFields } from "./message-ref.ts";
import { header, instant, parseJson, record, text, type ParseContext, type ParseResult, type VerifyResult, type WebhookRequest } from "./types.ts";

export interface PostmarkWebhookSecrets {
  username: string;
  password: string;
}

/** Checks the request's HTTP Basic credentials against the configured ones. */
export async function verifyPostmark(req: WebhookRequest, secrets: PostmarkWebhookSecrets): Promise<VerifyResult> {
  const auth = header(req.headers, "authorization");
  const match = auth === undefined ? null : /^Basic\s+(\S+)$/i.exec(auth);
  if (match === null) return { ok: false, reason: "unsigned: no HTTP Basic credentials (put them in the Postmark webhook URL: https://user:pass@…)" };
  const decoded = fromBase64(match[1] ?? "");
  const given = decoded === null ? null : fromUtf8(decoded);
  // Compare the whole "user:pass" so neither part leaks through timing.
  if (given === null || !timingSafeEqual(utf8(given), utf8(`${secrets.username}:${secrets.password}`))) {
    return { ok: false, reason: "HTTP Basic credentials do not match the configured Postmark webhook credentials" };
  }
  return { ok: true };
}

const PERMANENT_BOUNCES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "Unsubscribe", "SpamNotification"]);

function classify(body: Record<string, unknown>): { type: SignalType; time: string; permanent?: boolean; reason?: string } | string {
  const kind = text(body["RecordType"]) ?? "(no RecordType)";
  switch (kind) {
    case "Delivery":
      return { type: "delivered", time: "DeliveredAt" };
    case "Open":
      return { type: "opened", time: "ReceivedAt" };
    case "Click":
      return { type: "clicked", time: "ReceivedAt" };
    case "SpamComplaint":
      return { type: "complained", time: "BouncedAt" };
    case "Bounce": {
      const type = text(body["Type"]) ?? "";
      const permanent = body["Inactive"] === true || PERMANENT_BOUNCES.has(type);
      const reason = [text(body["Name"]) ?? type, text(body["Description"])].filter((s) => s !== undefined && s !== "").join(": ");
      return { type: "bounced", time: "BouncedAt", permanent, ...(reason !== "" ? { reason } : {}) };
    }
    case "SubscriptionChange": {
      if (body["SuppressSending"] === false) return { type: "resubscribed", time: "ChangedAt" };
      const why = text(body["SuppressionReason"]);
      if (why === "HardBounce") return { type: "bounced", time: "ChangedAt", permanent: true, reason: "suppressed by Postmark after a hard bounce" };
      if (why === "SpamComplaint") return { type: "complained", time: "ChangedAt" };
      return { type: "unsubscribed", time: "ChangedAt" };
    }
    default:
      return `${kind}: not an engagement signal`;
  }
}

/** The engagement signal in a Postmark webhook body. Never throws. */
export function parsePostmark(rawBody: string, context: ParseContext = {}): ParseResult {
  const json = parseJson(rawBody);
  if (!json.ok) return json;
  const body = record(json.value);
  if (body === undefined) return { ok: false, reason: "expected a JSON object with RecordType" };
  const found = classify(body);
  if (typeof found === "string") return { ok: true, signals: [], ignored: [found] };
  const at = instant(body[found.time], context.receivedAt);
  if (at === undefined) return { ok: false, reason: `${found.time} is not a date` };
  const messageId = text(body["MessageID"]);
  const metadata = record(body["Metadata"]) ?? {};
  const signal = makeSignal({
    channel: "email",
    type: found.type,
    at,
    source: "postmark",
    id: `postmark:${text(body["RecordType"])}:${text(body["ID"]) ?? messageId}:${at}`,
    ref: refFromFields((field) => metadata[field]),
    providerMessageId: messageId,
    address: text(body["Recipient"]) ?? text(body["Email"]),
    url: text(body["OriginalLink"]),
    permanent: found.permanent,
    reason: found.reason,
  });
  return { ok: true, signals: [signal], ignored: [] };
}
