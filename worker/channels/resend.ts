/**
 * E-mail through Resend: POST {baseUrl}/emails with `Authorization: Bearer <apiKey>` and an
 * `Idempotency-Key` (Resend drops a repeat of the same key for 24 h). The user and the key travel
 * in `tags` (echoed in Resend's webhooks); a marketing e-mail gets `List-Unsubscribe` `headers`.
 * Docs: https://resend.com/docs/api-reference/emails/send-email
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { refTags, unsubscribeHeaders } from "./callback-ref.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { formatMailbox } from "./email-address.ts";
import { send } from "./http.ts";
import { trimBase, type ResendSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://api.resend.com";

/** The Resend request for one rendered e-mail. Pure. */
export function resendRequest(settings: ResendSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext): HttpRequest {
  const reply = message.reply_to ?? settings.replyTo;
  const headers = unsubscribeHeaders(ctx);
  const tags = refTags(ctx);
  const body = {
    from: message.from ?? settings.from,
    to: [formatMailbox(to)],
    subject: message.subject,
    html: message.html,
    ...(message.text !== undefined ? { text: message.text } : {}),
    ...(reply !== undefined ? { reply_to: reply } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/emails`,
    method: "POST",
    headers: {
      authorization: `Bearer ${settings.apiKey}`,
      "content-type": "application/json",
      "idempotency-key": ctx.key,
    },
    body: JSON.stringify(body),
  };
}

export const resendRules: ClassifyRules = {
  provider: "resend",
  providerId: (a) => pick(a.json, "id"),
  errorMessage: (a) => pick(a.json, "message"),
  // 409 concurrent_idempotent_requests: the first request with this key is still running.
  special: (a) => (a.status === 409 && pick(a.json, "name") === "concurrent_idempotent_requests" ? { type: "retry", afterMs: 1000, reason: "resend 409: same idempotency key in flight" } : undefined),
};

/** Sends one e-mail through Resend and classifies the answer. Never throws. */
export function sendResend(settings: ResendSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  return send(resendRequest(settings, message, to, ctx), resendRules, rt, ctx);
}

