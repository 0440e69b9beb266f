/**
 * Who a user is on each channel: the addresses to send to (`recipientsFor`) and whether the
 * channel can reach them now (`reachability`), from the profile state the User Durable Object
 * keeps. Builds on the trait rules of worker/journey/reachability.ts (the same rules `simulate`
 * uses) and adds what only the DO knows: addresses found dead, push subscriptions, FCM tokens and
 * the last SDK session. Pure.
 */
import { reachableFromTraits, RECENTLY_SEEN_MS } from "../journey/reachability.ts";
import type { Channel } from "../journey/schema/channels.ts";
import type { Recipient, WebPushSubscription } from "./types.ts";

/** The profile state reachability and addressing read. Only `userId` and `traits` are required. */
export interface ContactProfile {
  userId: string;
  /** True when `userId` is a visitor's anonymous id (no known user yet): addresses name them as such. */
  anonymous?: boolean | undefined;
  traits: Readonly<Record<string, unknown>>;
  /** Channels found dead (bounce, complaint, unsubscribe, STOP, 410 push endpoint): channel → reason. */
  unreachable?: Readonly<Record<string, string>> | undefined;
  /** Live browser push subscriptions (else the `web_push_subscription` trait, if it holds one). */
  webPush?: readonly WebPushSubscription[] | undefined;
  /** FCM registration tokens of the user's app installs (else the `fcm_token` trait). */
  mobileTokens?: readonly string[] | undefined;
  /** When the browser SDK or app last opened a session (epoch ms); else the `last_seen` trait. */
  sdkSeenAt?: number | undefined;
}

export interface Reachability {
  reachable: boolean;
  /** Why, for the trace: "email bounced", "2 push subscriptions", … */
  reason: string;
}

/**
 * Whether `channel` reaches the user now. Pure.
 * @example reachability("email", { userId: "u1", traits: { email: "ada@example.com" } }, now) // { reachable: true, reason: "email ada@example.com" }
 */
export function reachability(channel: Channel, contact: ContactProfile, now: number): Reachability {
  const dead = contact.unreachable?.[channel];
  if (dead !== undefined) return { reachable: false, reason: `${channel} unreachable: ${dead}` };
  switch (channel) {
    // A list the DO keeps is the truth; traits are the fallback only without one.
    case "web_push": {
      const n = webPushSubscriptions(contact).length;
      if (n > 0 || contact.webPush !== undefined) return { reachable: n > 0, reason: n > 0 ? `${n} web push subscription(s)` : "no web push subscription" };
      break;
    }
    case "mobile_push": {
      const n = mobileTokens(contact).length;
      if (n > 0 || contact.mobileTokens !== undefined) return { reachable: n > 0, reason: n > 0 ? `${n} FCM token(s)` : "no FCM token" };
      break;
    }
    case "in_app":
    case "web_overlay":
      if (contact.sdkSeenAt !== undefined && now - contact.sdkSeenAt <= RECENTLY_SEEN_MS) return { reachable: true, reason: "SDK session seen in the last 30 days" };
      break;
    default:
      break;
  }
  const fromTraits = reachableFromTraits(contact.traits, channel, now);
  return { reachable: fromTraits, reason: fromTraits ? `${channel} reachable from profile traits` : `${channel}: ${missing(channel)}` };
}

function missing(channel: Channel): string {
  switch (channel) {
    case "email": return "no valid email, or bounced/unsubscribed";
    case "sms": return "no phone with sms_opt_in";
    case "whatsapp": return "no phone with whatsapp_opt_in";
    case "web_push": return "no web push subscription";
    case "mobile_push": return "no FCM token";
    case "in_app":
    case "web_overlay": return "no SDK session in the last 30 days";
  }
}

/**
 * Every address to send `channel` to (several browsers, several app installs); empty when none.
 * `to` names the trait holding the address when it is not the channel's default. Pure.
 */
export function recipientsFor(channel: Channel, contact: ContactProfile, to?: string): Recipient[] {
  const t = contact.traits;
  switch (channel) {
    case "email": {
      const email = text(t[to ?? "email"]);
      if (email === undefined) return [];
      const name = text(t["name"]) ?? ([text(t["first_name"]), text(t["last_name"])].filter((s) => s !== undefined).join(" ") || undefined);
      return [name === undefined ? { channel, email } : { channel, email, name }];
    }
    case "sms": {
      const phone = text(t[to ?? "phone"]);
      return phone === undefined ? [] : [{ channel, phone }];
    }
    case "whatsapp": {
      const phone = text(t[to ?? "whatsapp_phone"]) ?? (to === undefined ? text(t["phone"]) : undefined);
      return phone === undefined ? [] : [{ channel, phone }];
    }
    case "web_push":
      // The service worker reports shown/clicked as this user: a visitor must stay a visitor, not become a user named by their anonymous id.
      return webPushSubscriptions(contact).map((subscription) => ({ channel, subscription, user: contact.anonymous === true ? { anonymousId: contact.userId } : { userId: contact.userId } }));
    case "mobile_push":
      return mobileTokens(contact).map((token) => ({ channel, token }));
    case "in_app":
    case "web_overlay":
      return [{ channel, userId: contact.userId }];
  }
}

/** The first address of `recipientsFor`, or null. Pure. */
export function recipientFor(channel: Channel, contact: ContactProfile, to?: string): Recipient | null {
  return recipientsFor(channel, contact, to)[0] ?? null;
}

function webPushSubscriptions(contact: ContactProfile): WebPushSubscription[] {
  if (contact.webPush !== undefined) return [...contact.webPush];
  const trait = contact.traits["web_push_subscription"];
  return isSubscription(trait) ? [trait] : [];
}

function mobileTokens(contact: ContactProfile): string[] {
  if (contact.mobileTokens !== undefined) return [...contact.mobileTokens];
  const token = text(contact.traits["fcm_token"]);
  return token === undefined ? [] : [token];
}

/** True for `{ endpoint, keys: { p256dh, auth } }` with string values. */
export function isSubscription(value: unknown): value is WebPushSubscription {
  if (typeof value !== "object" || value === null) return false;
  const keys: unknown = Reflect.get(value, "keys");
  return typeof Reflect.get(value, "endpoint") === "string" && typeof keys === "object" && keys !== null && typeof Reflect.get(keys, "p256dh") === "string" && typeof Reflect.get(keys, "auth") === "string";
}

function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
