/**
 * Twilio callbacks: message status callbacks (delivered, undelivered, failed, read) and incoming
 * messages carrying an opt-out keyword (STOP, START), both form-encoded. Signed with
 * `X-Twilio-Signature` = base64 HMAC-SHA1 (key: the Auth Token) of the full URL followed by every
 * POST parameter name and value, sorted by name. Twilio sends no timestamp: retries are
 * de-duplicated by signal id instead.
 * Docs: https://www.twilio.com/docs/usage/webhooks/webhooks-security ,
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status ,
 * https://www.twilio.com/docs/api/errors
 */
import type { Channel } from "../journey/schema/channels.ts";
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import { base64, fromBase64, hex, timingSafeEqual } from "./bytes.ts";
import { hmac, sha256 } from "./hmac.ts";
import { makeSignal } from "./make-signal.ts";
import { refFromFields } from "./message-ref.ts";
import { header, type ParseContext, type ParseResult, type VerifyResult, type WebhookRequest } from "./types.ts";

export interface TwilioWebhookSecrets {
  /** The account's Auth Token (the same one the SMS adapter uses). */
  authToken: string;
}

/** The string Twilio signs: the URL, then each parameter name and value, names sorted (values too, for repeated names). */
export function twilioSigningString(url: string, params: URLSearchParams): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of params) byName.set(name, [...(byName.get(name) ?? []), value]);
  let out = url;
  for (const name of [...byName.keys()].sort()) for (const value of (byName.get(name) ?? []).sort()) out += name + value;
  return out;
}

/** The URL with and without its default port: Twilio may have signed either form. */
function urlForms(url: string): string[] {
  const forms = [url];
  try {
    const u = new URL(url);
    const port = u.protocol === "https:" ? "443" : u.protocol === "http:" ? "80" : "";
    if (u.port === "" && port !== "") forms.push(url.replace(`://${u.host}`, `://${u.hostname}:${port}`));
    if (u.port !== "" && u.port === port) forms.push(url.replace(`://${u.hostname}:${u.port}`, `://${u.hostname}`));
  } catch {
    // An unparseable URL is checked as given.
  }
  return forms;
}

/**
 * Verifies `X-Twilio-Signature`. Form bodies are signed through their parameters; a JSON body is
 * signed through the `bodySHA256` query parameter, which must equal the body's SHA-256.
 */
export async function verifyTwilio(req: WebhookRequest, secrets: TwilioWebhookSecrets): Promise<VerifyResult> {
  const signature = header(req.headers, "x-twilio-signature");
  if (signature === undefined) return { ok: false, reason: "unsigned: missing X-Twilio-Signature header" };
  const given = fromBase64(signature);
  if (given === null) return { ok: false, reason: "X-Twilio-Signature is not base64" };
  let bodySha: string | null = null;
  try {
    bodySha = new URL(req.url).searchParams.get("bodySHA256");
  } catch {
    return { ok: false, reason: `request URL ${JSON.stringify(req.url)} is not absolute` };
  }
  const form = req.method.toUpperCase() === "POST" && bodySha === null ? new URLSearchParams(req.rawBody) : new URLSearchParams();
  for (const url of urlForms(req.url)) {
    const expected = await hmac("SHA-1", secrets.authToken, twilioSigningString(url, form));
    if (timingSafeEqual(expected, given)) {
      if (bodySha !== null && hex(await sha256(req.rawBody)) !== bodySha.toLowerCase()) {
        return { ok: false, reason: "body does not match the signed bodySHA256" };
      }
      return { ok: true };
    }
  }
  return { ok: false, reason: "X-Twilio-Signature does not match: forged, changed parameters, a different URL or Auth Token" };
}

/** The base64 signature Twilio would send (for tests and local tools). */
export async function twilioSignature(authToken: string, url: string, params: URLSearchParams): Promise<string> {
  return base64(await hmac("SHA-1", authToken, twilioSigningString(url, params)));
}

/** Error codes after which this number will never get the message. */
const PERMANENT_ERRORS: Record<string, string> = {
  "21211": "invalid 'To' phone number",
  "21614": "'To' number is not a valid mobile number",
  "30005": "unknown destination handset",
  "30006": "landline or unreachable carrier",
};
const UNSUBSCRIBED_ERROR = "21610"; // the recipient replied STOP
const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]);
const OPT_IN = new Set(["START", "YES", "UNSTOP"]);

function address(value: string | null): { channel: Channel; address: string | undefined } {
  if (value?.startsWith("whatsapp:")) return { channel: "whatsapp", address: value.slice("whatsapp:".length) };
  return { channel: "sms", address: value ?? undefined };
}

function statusSignal(form: URLSearchParams, status: string, at: number, ref: ReturnType<typeof refFromFields>): EngagementSignal | string {
  const sid = form.get("MessageSid") ?? form.get("SmsSid") ?? undefined;
  const { channel, address: to } = address(form.get("To"));
  const base = { channel, at, source: "twilio" as const, id: `twilio:${sid}:${status}`, ref, providerMessageId: sid, address: to };
  if (status === "delivered") return makeSignal({ ...base, type: "delivered" });
  if (status === "read" && channel === "whatsapp") return makeSignal({ ...base, type: "read" });
  if (status !== "undelivered" && status !== "failed") return `${status}: not an engagement signal`;
  const code = form.get("ErrorCode") ?? "";
  const message = form.get("ErrorMessage") ?? PERMANENT_ERRORS[code];
  const reason = code === "" ? status : `${code}${message !== undefined ? ` ${message}` : ""}`;
  if (code === UNSUBSCRIBED_ERROR) return makeSignal({ ...base, type: "unsubscribed", reason: `${code} recipient replied STOP` });
  return makeSignal({ ...base, type: "failed", permanent: PERMANENT_ERRORS[code] !== undefined, reason });
}

function inboundSignal(form: URLSearchParams, at: number): EngagementSignal | string {
  const keyword = (form.get("OptOutType") ?? form.get("Body") ?? "").trim().toUpperCase();
  const { channel, address: from } = address(form.get("From"));
  const type = OPT_OUT.has(keyword) ? "unsubscribed" : OPT_IN.has(keyword) && channel === "sms" ? "resubscribed" : undefined;
  if (type === undefined) return "incoming message: not an opt-out or opt-in keyword";
  const sid = form.get("MessageSid") ?? form.get("SmsSid") ?? undefined;
  return makeSignal({ channel, type, at, source: "twilio", id: `twilio:${sid}:inbound`, providerMessageId: sid, address: from, reason: `replied ${keyword}` });
}

/**
 * The engagement signal in a Twilio callback body (form-encoded). Twilio sends no event time, so
 * `context.receivedAt` is the signal's time; `nudge_user`/`nudge_key` come from `context.url`'s query.
 */
export function parseTwilio(rawBody: string, context: ParseContext = {}): ParseResult {
  const form = new URLSearchParams(rawBody);
  if (context.receivedAt === undefined) return { ok: false, reason: "Twilio sends no event time: pass receivedAt" };
  let query = new URLSearchParams();
  try {
    if (context.url !== undefined) query = new URL(context.url).searchParams;
  } catch {
    // No ids in an unparseable URL.
  }
  const ref = refFromFields((name) => query.get(name) ?? undefined);
  const status = form.get("MessageStatus") ?? form.get("SmsStatus");
  const inbound = status === "received" || (status === null && form.has("Body"));
  const result = inbound
    ? inboundSignal(form, context.receivedAt)
    : status !== null
      ? statusSignal(form, status, context.receivedAt, ref)
      : "no MessageStatus or Body: not a messaging callback";
  return typeof result === "string" ? { ok: true, signals: [], ignored: [result] } : { ok: true, signals: [result], ignored: [] };
}
