/**
 * Default reachability per channel, read from profile traits when nothing better is known (no
 * push subscription record, no provider callback yet). The User Durable Object overrides it with
 * what it has stored (worker/channels/contact.ts); `simulate()` uses it unless the caller's
 * `profile.reachable` says otherwise. The send gate (send-gate.ts) reads the answer. Pure.
 *
 * Traits read (all optional; booleans may also be "true"/"false"). An *address* is what a
 * transactional send needs; a marketing send needs the address and the user's consent:
 * | channel       | address                                  | reachable when (address and …)                                            |
 * |---------------|------------------------------------------|---------------------------------------------------------------------------|
 * | email         | `email` that looks like an address       | not `email_bounced`, `email_unsubscribed` or `unsubscribed`               |
 * | sms           | `phone`                                  | `sms_opt_in` true, and not `sms_unsubscribed` (set by STOP)               |
 * | whatsapp      | `whatsapp_phone`, else `phone`           | `whatsapp_opt_in` true                                                    |
 * | web_push      | `web_push_subscribed` (or `push_subscribed`) true | —                                                                |
 * | mobile_push   | `fcm_token` non-empty (or `mobile_push_subscribed` true) | —                                                          |
 * | in_app        | always (the user's inbox)                | `last_seen` (or `last_seen_at`) within the last 30 days of `now` (any date if `now` omitted) |
 * | web_overlay   | same as in_app                           | same as in_app: the user has been on the site or app recently             |
 */
import type { Channel } from "./schema/channels.ts";
import { parseDateValue } from "./time/dates.ts";
import { DAY_MS } from "./time/calendar.ts";
import type { Attributes, Millis } from "./types.ts";

/** How recently a user must have been seen for in-app and overlay messages to reach them. */
export const RECENTLY_SEEN_MS = 30 * DAY_MS;

/** What one channel is for the user now, and why. */
export interface ChannelReach {
  /** There is somewhere to send: an address, a subscription, a token, the inbox. All a transactional send needs. */
  addressed: boolean;
  /** A marketing send may go: addressed, and no opt-out (bounce, unsubscribe, STOP) or missing opt-in or recent session stops it. */
  reachable: boolean;
  /** The actual cause, naming the trait or record that decides, e.g. "sms: opted out with STOP (sms_unsubscribed)". */
  reason: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function flag(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

/** A non-blank string or a finite number: what the channel adapters take as a phone or address (contact.ts `recipientsFor`). */
export function presentAddress(value: unknown): boolean {
  return (typeof value === "string" && value.trim() !== "") || (typeof value === "number" && Number.isFinite(value));
}

/** True when `value` is text shaped like an e-mail address. */
export function isEmailAddress(value: unknown): boolean {
  return typeof value === "string" && EMAIL.test(value.trim());
}

function seenRecently(traits: Readonly<Attributes>, now: Millis | undefined): boolean {
  const raw = traits["last_seen"] ?? traits["last_seen_at"];
  const at = parseDateValue(raw, "UTC");
  if (at === null) return false;
  return now === undefined || (at <= now + DAY_MS && now - at <= RECENTLY_SEEN_MS);
}

const noAddress = (channel: Channel, cause: string): ChannelReach => ({ addressed: false, reachable: false, reason: `${channel}: ${cause}` });
const addressedOnly = (channel: Channel, cause: string): ChannelReach => ({ addressed: true, reachable: false, reason: `${channel}: ${cause}` });
const yes = (channel: Channel, what: string): ChannelReach => ({ addressed: true, reachable: true, reason: `${channel}: ${what}` });

/** The reason a user never seen recently cannot get in-app or overlay messages (contact.ts says the same). */
export const NOT_SEEN_RECENTLY = "not seen in the last 30 days (no SDK session or last_seen)";

/**
 * Whether `channel` can reach a user with these `traits`, and why (see the table in the module
 * header). The first cause found wins: no address, then an opt-out, then a missing opt-in.
 * @param [now] the current instant, for in_app/web_overlay recency; without it any `last_seen` counts.
 * @example reachFromTraits({ phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true }, "sms")
 * // { addressed: true, reachable: false, reason: "sms: opted out with STOP (sms_unsubscribed)" }
 */
export function reachFromTraits(traits: Readonly<Attributes>, channel: Channel, now?: Millis): ChannelReach {
  switch (channel) {
    case "email": {
      if (!presentAddress(traits["email"])) return noAddress(channel, "no email address");
      if (!isEmailAddress(traits["email"])) return noAddress(channel, "the email trait is not a valid address");
      if (flag(traits["email_bounced"])) return addressedOnly(channel, "bounced (email_bounced)");
      if (flag(traits["email_unsubscribed"])) return addressedOnly(channel, "unsubscribed (email_unsubscribed)");
      if (flag(traits["unsubscribed"])) return addressedOnly(channel, "unsubscribed from everything (unsubscribed)");
      return yes(channel, "a valid address, not bounced or unsubscribed");
    }
    case "sms":
      if (!presentAddress(traits["phone"])) return noAddress(channel, "no phone number");
      if (flag(traits["sms_unsubscribed"])) return addressedOnly(channel, "opted out with STOP (sms_unsubscribed)");
      if (!flag(traits["sms_opt_in"])) return addressedOnly(channel, "no SMS opt-in (sms_opt_in)");
      return yes(channel, "a phone number with SMS opt-in");
    case "whatsapp":
      if (!presentAddress(traits["whatsapp_phone"]) && !presentAddress(traits["phone"])) return noAddress(channel, "no phone number (whatsapp_phone or phone)");
      if (!flag(traits["whatsapp_opt_in"])) return addressedOnly(channel, "no WhatsApp opt-in (whatsapp_opt_in)");
      return yes(channel, "a phone number with WhatsApp opt-in");
    case "web_push":
      return flag(traits["web_push_subscribed"]) || flag(traits["push_subscribed"]) ? yes(channel, "subscribed (web_push_subscribed)") : noAddress(channel, "no web push subscription");
    case "mobile_push":
      return presentAddress(traits["fcm_token"]) || flag(traits["mobile_push_subscribed"]) ? yes(channel, "an FCM token") : noAddress(channel, "no FCM token");
    case "in_app":
    case "web_overlay":
      // The inbox is always there: a transactional message waits in it for the next session.
      return seenRecently(traits, now) ? yes(channel, "seen in the last 30 days") : addressedOnly(channel, NOT_SEEN_RECENTLY);
  }
}

/**
 * Whether `channel` can reach a user with these `traits` for a marketing send (`reachFromTraits`'s `reachable`).
 * @param [now] the current instant, for in_app/web_overlay recency; without it any `last_seen` counts.
 * @example reachableFromTraits({ email: "ada@example.com" }, "email") // true
 * @example reachableFromTraits({ phone: "+14155550100" }, "sms") // false: no sms_opt_in
 */
export function reachableFromTraits(traits: Readonly<Attributes>, channel: Channel, now?: Millis): boolean {
  return reachFromTraits(traits, channel, now).reachable;
}
