/**
 * Default reachability per channel, read from profile traits when nothing better is known (no
 * push subscription record, no provider callback yet). The User Durable Object overrides it with
 * what it has stored; `simulate()` uses it unless the caller's `profile.reachable` says otherwise.
 * Pure.
 *
 * Traits read (all optional; booleans may also be "true"/"false"):
 * | channel       | reachable when                                                                            |
 * |---------------|-------------------------------------------------------------------------------------------|
 * | email         | `email` looks like an address, and not `email_bounced`, `email_unsubscribed` or `unsubscribed` |
 * | sms           | `phone` present, `sms_opt_in` true, and not `sms_unsubscribed`                             |
 * | whatsapp      | `phone` (or `whatsapp_phone`) present and `whatsapp_opt_in` true                           |
 * | web_push      | `web_push_subscribed` true (or `push_subscribed` true)                                     |
 * | mobile_push   | `fcm_token` a non-empty string (or `mobile_push_subscribed` true)                          |
 * | in_app        | `last_seen` (or `last_seen_at`) within the last 30 days of `now` (any date if `now` omitted) |
 * | web_overlay   | same as in_app: the user has been on the site or app recently                              |
 */
import type { Channel } from "./schema/channels.ts";
import { parseDateValue } from "./time/dates.ts";
import { DAY_MS } from "./time/calendar.ts";
import type { Attributes, Millis } from "./types.ts";

/** How recently a user must have been seen for in-app and overlay messages to reach them. */
export const RECENTLY_SEEN_MS = 30 * DAY_MS;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function flag(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

function present(value: unknown): boolean {
  return (typeof value === "string" && value.trim() !== "") || (typeof value === "number" && Number.isFinite(value));
}

function seenRecently(traits: Readonly<Attributes>, now: Millis | undefined): boolean {
  const raw = traits["last_seen"] ?? traits["last_seen_at"];
  const at = parseDateValue(raw, "UTC");
  if (at === null) return false;
  return now === undefined || (at <= now + DAY_MS && now - at <= RECENTLY_SEEN_MS);
}

/**
 * Whether `channel` can reach a user with these `traits` (see the table in the module header).
 * @param [now] the current instant, for in_app/web_overlay recency; without it any `last_seen` counts.
 * @example reachableFromTraits({ email: "ada@example.com" }, "email") // true
 * @example reachableFromTraits({ phone: "+14155550100" }, "sms") // false: no sms_opt_in
 */
export function reachableFromTraits(traits: Readonly<Attributes>, channel: Channel, now?: Millis): boolean {
  switch (channel) {
    case "email": {
      const email = traits["email"];
      if (typeof email !== "string" || !EMAIL.test(email.trim())) return false;
      return !flag(traits["email_bounced"]) && !flag(traits["email_unsubscribed"]) && !flag(traits["unsubscribed"]);
    }
    case "sms":
      return present(traits["phone"]) && flag(traits["sms_opt_in"]) && !flag(traits["sms_unsubscribed"]);
    case "whatsapp":
      return (present(traits["phone"]) || present(traits["whatsapp_phone"])) && flag(traits["whatsapp_opt_in"]);
    case "web_push":
      return flag(traits["web_push_subscribed"]) || flag(traits["push_subscribed"]);
    case "mobile_push":
      return present(traits["fcm_token"]) || flag(traits["mobile_push_subscribed"]);
    case "in_app":
    case "web_overlay":
      return seenRecently(traits, now);
  }
}
