/**
 * What the e-mail and SMS adapters attach to a message so that its provider callbacks find their
 * way back and mail clients can unsubscribe in one click: the user id and the send's key in the
 * provider's own metadata (read back by worker/webhooks/message-ref.ts), and RFC 8058
 * `List-Unsubscribe` headers on marketing e-mail. Pure.
 */
import { REF_FIELDS, resendTags } from "../webhooks/message-ref.ts";
import { listUnsubscribeHeaders } from "../webhooks/unsubscribe-token.ts";
import type { SendContext } from "./types.ts";

/** Resend refuses tag values over 256 characters. */
const RESEND_TAG_MAX = 256;

/**
 * `{ nudge_user, nudge_key }` for a flat metadata object (SendGrid `custom_args`, Postmark
 * `Metadata`), leaving out an absent user and any value longer than `maxValue` (Postmark: 80).
 * @example refFields({ key: "k1", attempt: 0, userId: "u1" }) // { nudge_user: "u1", nudge_key: "k1" }
 */
export function refFields(ctx: SendContext, maxValue = Number.POSITIVE_INFINITY): Record<string, string> {
  const fields: Record<string, string> = {};
  if (ctx.userId !== undefined && ctx.userId.length <= maxValue) fields[REF_FIELDS.user] = ctx.userId;
  if (ctx.key.length <= maxValue) fields[REF_FIELDS.key] = ctx.key;
  return fields;
}

/** Resend `tags` carrying the user and the key (base64url), each kept only if Resend accepts its length. */
export function refTags(ctx: SendContext): Array<{ name: string; value: string }> {
  return resendTags({ userId: ctx.userId, messageKey: ctx.key }).filter((tag) => tag.value.length <= RESEND_TAG_MAX);
}

/** `List-Unsubscribe` + `List-Unsubscribe-Post` when the send carries an unsubscribe link, else none. */
export function unsubscribeHeaders(ctx: SendContext): Record<string, string> {
  return ctx.unsubscribeUrl === undefined || ctx.unsubscribeUrl === "" ? {} : listUnsubscribeHeaders(ctx.unsubscribeUrl);
}
