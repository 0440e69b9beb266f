/**
 * The handler-facing entry point for `POST /v1/webhooks/{provider}`: verify the provider's
 * signature, then normalize the body into engagement signals, with the HTTP status to answer.
 * The route only reads the raw body, calls this, and hands the signals to the User Durable
 * Objects (grouped by `userId`).
 */
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import { parsePostmark, verifyPostmark } from "./postmark.ts";
import { parseResend, verifyResend } from "./resend.ts";
import type { WebhookSecrets } from "./secrets.ts";
import { parseSendgrid, verifySendgrid } from "./sendgrid.ts";
import { parseTwilio, verifyTwilio } from "./twilio.ts";
import type { ParseContext, ParseResult, VerifyResult, WebhookRequest } from "./types.ts";
import { parseWhatsapp, verifyWhatsapp } from "./whatsapp.ts";

export const WEBHOOK_PROVIDERS = ["resend", "sendgrid", "postmark", "twilio", "whatsapp"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

export type WebhookReceipt =
  /** Answer 200: the provider must not retry. `signals` may be empty (events we ignore). */
  | { ok: true; status: 200; signals: EngagementSignal[]; ignored: string[] }
  | { ok: false; status: 400 | 401 | 404 | 405; error: { code: "unknown_provider" | "not_configured" | "method_not_allowed" | "invalid_signature" | "invalid_payload"; message: string } };

export function isWebhookProvider(name: string): name is WebhookProvider {
  return (WEBHOOK_PROVIDERS as readonly string[]).includes(name);
}

function verify(provider: WebhookProvider, req: WebhookRequest, secrets: WebhookSecrets, now: number): Promise<VerifyResult> | null {
  switch (provider) {
    case "resend":
      return secrets.resend === undefined ? null : verifyResend(req, secrets.resend, now, secrets.toleranceSeconds);
    case "sendgrid":
      return secrets.sendgrid === undefined ? null : verifySendgrid(req, secrets.sendgrid, now, secrets.toleranceSeconds);
    case "postmark":
      return secrets.postmark === undefined ? null : verifyPostmark(req, secrets.postmark);
    case "twilio":
      return secrets.twilio === undefined ? null : verifyTwilio(req, secrets.twilio);
    case "whatsapp":
      return secrets.whatsapp === undefined ? null : verifyWhatsapp(req, secrets.whatsapp);
  }
}

const PARSERS: Record<WebhookProvider, (rawBody: string, context: ParseContext) => ParseResult> = {
  resend: parseResend,
  sendgrid: parseSendgrid,
  postmark: parsePostmark,
  twilio: parseTwilio,
  whatsapp: parseWhatsapp,
};

/**
 * Verifies and parses one provider callback. 404 for an unknown or unconfigured provider, 405
 * for anything but POST, 401 with the reason when the signature is missing, forged or expired,
 * 400 when a signed body cannot be read. Never throws.
 * @example
 * const receipt = await receiveWebhook(c.req.param("provider"),
 *   { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, rawBody: await c.req.text() },
 *   secrets, Date.now());
 */
export async function receiveWebhook(provider: string, req: WebhookRequest, secrets: WebhookSecrets, now: number): Promise<WebhookReceipt> {
  if (!isWebhookProvider(provider)) {
    return { ok: false, status: 404, error: { code: "unknown_provider", message: `no webhook for ${JSON.stringify(provider)}; expected one of ${WEBHOOK_PROVIDERS.join(", ")}` } };
  }
  if (req.method.toUpperCase() !== "POST") {
    return { ok: false, status: 405, error: { code: "method_not_allowed", message: `${provider} webhooks are POST${provider === "whatsapp" ? " (GET is the subscription handshake)" : ""}` } };
  }
  const pending = verify(provider, req, secrets, now);
  if (pending === null) return { ok: false, status: 404, error: { code: "not_configured", message: `${provider} webhooks are not configured for this workspace` } };
  let verified: VerifyResult;
  try {
    verified = await pending;
  } catch (error) {
    verified = { ok: false, reason: `signature check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!verified.ok) return { ok: false, status: 401, error: { code: "invalid_signature", message: verified.reason } };
  const parsed = PARSERS[provider](req.rawBody, { url: req.url, headers: req.headers, receivedAt: now });
  if (!parsed.ok) return { ok: false, status: 400, error: { code: "invalid_payload", message: parsed.reason } };
  return { ok: true, status: 200, signals: parsed.signals, ignored: parsed.ignored };
}
