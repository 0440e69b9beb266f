/**
 * Who a user is on each channel: the addresses to send to (`recipientsFor`) and whether the
 * channel can reach them now (`reachability`), from the profile state the User Durable Object
 * keeps. Builds on the trait rules of worker/journey/reachability.ts (the same rules `simulate`
 * uses, with the same reasons) and adds what only the DO knows: addresses found dead, push
 * subscriptions, FCM tokens and the last SDK session. Pure.
 */
import { reachFromTraits, RECENTLY_SEEN_MS, type ChannelReach } from "../journey/reachability.ts";
import type { Channel } from "../journey/schema/channels.ts";
import type { Recipient, WebPushSubscription } from "./types.ts";

/** The profile state reachability and addressing read. Only `userId` and `traits` are required. */
export interface ContactProfile {
  userId: string;
  /** True when `userId` is a visitor's anonymous id (no known user yet): addresses name them as such. */
  anonymous?: boolean | undefined;
  traits: Readonly<Record<string, unknown>>;
  /** Channels a provider reported dead at send time (an `unreachable` outcome: hard-bounce codes, 404/410 push endpoints, invalid numbers): channel → reason. */
  unreachable?: Readonly<Record<string, string>> | undefined;
  /** Live browser push subscriptions (else the `web_push_subscription` trait, if it holds one). */
  webPush?: readonly WebPushSubscription[] | undefined;
  /** FCM registration tokens of the user's app installs (else the `fcm_token` trait). */
  mobileTokens?: readonly string[] | undefined;
  /** When the browser SDK or app last opened a session (epoch ms); else the `last_seen` trait. */
  sdkSeenAt?: number | undefined;
}

/** What `reachability` answers: the journey core's answer, with what the object stores taken into account. */
export type Reachability = ChannelReach;

/**
 * Whether `channel` reaches the user now (`reachable`, what a marketing send needs), whether there
 * is an address at all (`addressed`, what a transactional send needs), and the actual cause.
 * What the object stores decides first: a stored push subscription list or FCM token list (empty
 * means no address, whatever the traits say), an SDK session in the last 30 days, a channel the
 * provider reported dead (`unreachable[channel]`); the traits decide the rest (reachFromTraits).
 * Pure.
 * @example reachability("email", { userId: "u1", traits: { email: "ada@example.com", email_unsubscribed: true } }, now)
 * // { addressed: true, reachable: false, reason: "email: unsubscribed (email_unsubscribed)" }
 */
export function reachability(channel: Channel, contact: ContactProfile, now: number): Reachability {
  const own = ownRecords(channel, contact, now) ?? reachFromTraits(contact.traits, channel, now);
  const dead = contact.unreachable?.[channel];
  // Without an address the missing address is the cause; a dead mark only speaks for an address still held.
  if (dead === undefined || !own.addressed) return own;
  return { addressed: true, reachable: false, reason: `${channel}: address reported dead (${dead})` };
}

/** What the object's own records say, or null to let the traits decide. */
function ownRecords(channel: Channel, contact: ContactProfile, now: number): ChannelReach | null {
  switch (channel) {
    // A list the DO keeps is the truth; traits are the fallback only without one.
    case "web_push": {
      const n = webPushSubscriptions(contact).length;
      if (n === 0 && contact.webPush === undefined) return null;
      return n > 0 ? { addressed: true, reachable: true, reason: `web_push: ${n} subscription(s)` } : { addressed: false, reachable: false, reason: "web_push: no web push subscription" };
    }
    case "mobile_push": {
      const n = mobileTokens(contact).length;
      if (n === 0 && contact.mobileTokens === undefined) return null;
      return n > 0 ? { addressed: true, reachable: true, reason: `mobile_push: ${n} FCM token(s)` } : { addressed: false, reachable: false, reason: "mobile_push: no FCM token" };
    }
    case "in_app":
    case "web_overlay":
      return contact.sdkSeenAt !== undefined && now - contact.sdkSeenAt <= RECENTLY_SEEN_MS ? { addressed: true, reachable: true, reason: `${channel}: SDK session in the last 30 days` } : null;
    default:
      return null;
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
