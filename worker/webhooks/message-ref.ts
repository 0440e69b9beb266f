/**
 * How a sent message finds its way back: the channel adapters attach the user id and the send's
 * idempotency key to each message in the provider's own metadata, and the webhook parsers read
 * them back, so a callback can be routed to the right User Durable Object and matched to its
 * message-log row.
 *
 * | provider  | where the adapter puts them                                   | encoding          |
 * |-----------|---------------------------------------------------------------|-------------------|
 * | SendGrid  | `custom_args: { nudge_user, nudge_key }`                      | plain             |
 * | Postmark  | `Metadata: { nudge_user, nudge_key }` (values ≤ 80 chars)      | plain             |
 * | Resend    | `tags: resendTags(ref)` (tag values allow only A–Z a–z 0–9 _ -) | base64url         |
 * | Twilio    | `StatusCallback: twilioStatusCallback(url, ref)` (query string) | URL-encoded       |
 * | WhatsApp  | `biz_opaque_callback_data: encodeMessageRef(ref)` (≤ 512 chars) | `nr1.` + base64url |
 * A bare `nudge_key` (or a bare key in `biz_opaque_callback_data`) still parses, as a key only.
 */
import { base64url, fromBase64, fromUtf8, utf8 } from "./bytes.ts";

export interface MessageRef {
  userId?: string | undefined;
  messageKey?: string | undefined;
}

export const REF_FIELDS = { user: "nudge_user", key: "nudge_key" } as const;

const TOKEN_PREFIX = "nr1.";

/** One opaque string holding both ids (for WhatsApp's `biz_opaque_callback_data`). */
export function encodeMessageRef(ref: MessageRef): string {
  return TOKEN_PREFIX + base64url(utf8(JSON.stringify([ref.userId ?? null, ref.messageKey ?? null])));
}

/** The ids in a string `encodeMessageRef` made, or null when it is not one. */
export function decodeMessageRef(token: string): MessageRef | null {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const bytes = fromBase64(token.slice(TOKEN_PREFIX.length));
  const json = bytes === null ? null : fromUtf8(bytes);
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [userId, messageKey] = value;
    return { ...(typeof userId === "string" ? { userId } : {}), ...(typeof messageKey === "string" ? { messageKey } : {}) };
  } catch {
    return null;
  }
}

/** Resend tags carrying the ids (base64url: Resend allows only ASCII letters, digits, _ and - in tags). */
export function resendTags(ref: MessageRef): Array<{ name: string; value: string }> {
  const tags: Array<{ name: string; value: string }> = [];
  if (ref.userId !== undefined) tags.push({ name: REF_FIELDS.user, value: base64url(utf8(ref.userId)) });
  if (ref.messageKey !== undefined) tags.push({ name: REF_FIELDS.key, value: base64url(utf8(ref.messageKey)) });
  return tags;
}

/** The base64url text of a Resend tag value, or the value itself when it is not base64url UTF-8. */
export function decodeTagValue(value: string): string {
  const bytes = fromBase64(value);
  return (bytes === null ? null : fromUtf8(bytes)) ?? value;
}

/** `url` with `nudge_user` and `nudge_key` added to its query (Twilio signs the full URL, query included). */
export function twilioStatusCallback(url: string, ref: MessageRef): string {
  const u = new URL(url);
  if (ref.userId !== undefined) u.searchParams.set(REF_FIELDS.user, ref.userId);
  if (ref.messageKey !== undefined) u.searchParams.set(REF_FIELDS.key, ref.messageKey);
  return u.toString();
}

/** The ids in a flat metadata object (`custom_args`, `Metadata`, a query string's params). */
export function refFromFields(get: (name: string) => unknown): MessageRef {
  const userId = get(REF_FIELDS.user);
  const messageKey = get(REF_FIELDS.key);
  return {
    ...(typeof userId === "string" && userId !== "" ? { userId } : {}),
    ...(typeof messageKey === "string" && messageKey !== "" ? { messageKey } : {}),
  };
}
