/**
 * The contact state the channels read for one user (worker/channels/contact.ts `ContactProfile`)
 * from the User Durable Object's tables: dead channels, push subscriptions and the last SDK
 * session. Once a user has ever stored a push subscription, the stored list alone decides web
 * push (the `web_push_subscribed` trait no longer counts), so a 410 really makes it unreachable.
 */
import type { ContactProfile } from "../../channels/contact.ts";
import type { Millis } from "../../journey/types.ts";
import type { UserStore } from "../store/user-store.ts";

/** Meta key set once the user stored a push subscription: from then on the list decides. */
export const PUSH_LIST_KEPT = "push_list_kept";
/** Meta key (epoch ms as text) the realtime side sets when the SDK connects; read as `sdkSeenAt`. */
export const SDK_SEEN_AT = "sdk_seen_at";

/** Profile state beyond traits for the channel adapters and reachability (`anonymous` for a visitor's object). */
export function userContact(store: UserStore, now: Millis): Omit<ContactProfile, "userId" | "traits"> {
  const profile = store.profile.get();
  const kept = store.meta.get(PUSH_LIST_KEPT) !== null;
  const seen = Number(store.meta.get(SDK_SEEN_AT) ?? "NaN");
  return {
    ...(profile !== null && profile.userId === null ? { anonymous: true } : {}),
    unreachable: profile?.unreachable ?? {},
    ...(kept ? { webPush: store.delivery.push.live(now).map((s) => ({ endpoint: s.endpoint, keys: s.keys, expirationTime: s.expirationTime })) } : {}),
    ...(Number.isFinite(seen) ? { sdkSeenAt: seen } : {}),
  };
}
