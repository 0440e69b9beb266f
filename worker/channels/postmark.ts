/**
 * E-mail through Postmark: POST {baseUrl}/email with `X-Postmark-Server-Token`. Postmark answers
 * 422 with ErrorCode 406 for an inactive recipient (hard bounce, spam complaint, unsubscribe):
 * that address is unreachable, not a bad request. The user and the key travel in `Metadata`
 * (`nudge_user`, `nudge_key`), each only when it fits Postmark's 80-character values: a delivery
 * key (~95 characters) does not, and its callbacks are matched by `MessageID` through the callback
 * index (worker/user/delivery/provider-index.ts). A marketing e-mail gets `List-Unsubscribe` `Headers`.
 * Docs: https://postmarkapp.com/developer/api/email-api , error codes: /developer/api/overview#error-codes
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { refFields, unsubscribeHeaders } from "./callback-ref.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { formatMailbox } from "./email-address.ts";
import { send } from "./http.ts";
import { trimBase, type PostmarkSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://api.postmarkapp.com";
const INACTIVE_RECIPIENT = 406;
/** Postmark refuses metadata values longer than this. */
export const POSTMARK_METADATA_MAX = 80;

/** The Postmark request for one rendered e-mail. Pure. */
export function postmarkRequest(settings: PostmarkSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext): HttpRequest {
  const reply = message.reply_to ?? settings.replyTo;
  const headers = Object.entries(unsubscribeHeaders(ctx)).map(([Name, Value]) => ({ Name, Value }));
  const body = {
    From: message.from ?? settings.from,
    To: formatMailbox(to),
    Subject: message.subject,
    HtmlBody: message.html,
    ...(message.text !== undefined ? { TextBody: message.text } : {}),
    ...(reply !== undefined ? { ReplyTo: reply } : {}),
    ...(headers.length > 0 ? { Headers: headers } : {}),
    MessageStream: settings.messageStream ?? "outbound",
    Metadata: refFields(ctx, POSTMARK_METADATA_MAX),
  };
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/email`,
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json", "x-postmark-server-token": settings.serverToken },
    body: JSON.stringify(body),
  };
}

export const postmarkRules: ClassifyRules = {
  provider: "postmark",
  providerId: (a) => pick(a.json, "MessageID"),
  errorMessage: (a) => pick(a.json, "Message"),
  special: (a) =>
    a.status === 422 && pick(a.json, "ErrorCode") === String(INACTIVE_RECIPIENT)
      ? { type: "unreachable", reason: `postmark 422: ${pick(a.json, "Message") ?? "inactive recipient"}` }
      : undefined,
};

/** Sends one e-mail through Postmark and classifies the answer. Never throws. */
export function sendPostmark(settings: PostmarkSettings, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  return send(postmarkRequest(settings, message, to, ctx), postmarkRules, rt, ctx);
}
