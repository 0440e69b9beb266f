/**
 * E-mail through SendGrid: POST {baseUrl}/v3/mail/send with `Authorization: Bearer <apiKey>`,
 * one personalization per message, text/plain before text/html as SendGrid requires. SendGrid
 * has no idempotency header: the key and the user travel in `custom_args` (`nudge_key`,
 * `nudge_user`, echoed in its events); a marketing e-mail gets `List-Unsubscribe` `headers`.
 * Docs: https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { refFields, unsubscribeHeaders } from "./callback-ref.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { parseMailbox } from "./email-address.ts";
import { send } from "./http.ts";
import { trimBase, type SendgridSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://api.sendgrid.com";

/** The SendGrid request for one rendered e-mail. Pure. */
export function sendgridRequest(settings: SendgridSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext): HttpRequest {
  const reply = message.reply_to ?? settings.replyTo;
  const content = [
    ...(message.text !== undefined && message.text !== "" ? [{ type: "text/plain", value: message.text }] : []),
    { type: "text/html", value: message.html },
  ];
  const headers = unsubscribeHeaders(ctx);
  const body = {
    personalizations: [{ to: [to.name !== undefined ? { email: to.email, name: to.name } : { email: to.email }] }],
    from: parseMailbox(message.from ?? settings.from),
    ...(reply !== undefined ? { reply_to: parseMailbox(reply) } : {}),
    subject: message.subject,
    content,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    custom_args: refFields(ctx),
  };
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/v3/mail/send`,
    method: "POST",
    headers: { authorization: `Bearer ${settings.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

export const sendgridRules: ClassifyRules = {
  provider: "sendgrid",
  // 202 Accepted with an empty body; the message id is a header.
  providerId: (a) => a.headers.get("x-message-id") ?? undefined,
  errorMessage: (a) => {
    const first = pick(a.json, "errors", 0, "message");
    const field = pick(a.json, "errors", 0, "field");
    return first === undefined ? undefined : field === undefined ? first : `${field}: ${first}`;
  },
};

/** Sends one e-mail through SendGrid and classifies the answer. Never throws. */
export function sendSendgrid(settings: SendgridSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  return send(sendgridRequest(settings, message, to, ctx), sendgridRules, rt, ctx);
}
