/**
 * Browser push subscriptions in the user's object (`POST|DELETE /v1/push/subscriptions`, and those
 * an identity merge brings). Storing one makes web push reachable again (it clears a dead-channel
 * mark left by an earlier 410) and, from then on, the stored list alone decides web push
 * reachability (user-contact.ts).
 */
import type { WebPushSubscription } from "../../channels/types.ts";
import { saveProfile, type Turn } from "../runtime/turn.ts";
import { PUSH_LIST_KEPT } from "./user-contact.ts";

export interface SavedSubscription {
  /** False when the endpoint was already stored (its keys were refreshed). */
  created: boolean;
  /** Live subscriptions after the change. */
  subscriptions: number;
}

/** Stores `subscription` (replacing `oldEndpoint`, as after `pushsubscriptionchange`). */
export function savePushSubscription(turn: Turn, subscription: WebPushSubscription, oldEndpoint?: string): SavedSubscription {
  const { store, now } = turn;
  if (oldEndpoint !== undefined && oldEndpoint !== subscription.endpoint) store.delivery.push.remove(oldEndpoint);
  const created = store.delivery.push.put({ endpoint: subscription.endpoint, keys: subscription.keys, expirationTime: subscription.expirationTime ?? null }, now);
  keepPushList(turn);
  store.trace.append([{ at: now, runId: "", journeyId: null, version: null, node: null, kind: "delivery", reason: `web push subscription ${created ? "added" : "refreshed"}: ${new URL(subscription.endpoint).origin}` }]);
  return { created, subscriptions: store.delivery.push.live(now).length };
}

/**
 * After a subscription was stored (saved, or brought by an identity merge): from now on the stored
 * list alone decides web push, and a dead-channel mark from an earlier 410 no longer blocks it.
 */
export function keepPushList(turn: Turn): void {
  turn.store.meta.set(PUSH_LIST_KEPT, "1");
  if (turn.profile.unreachable["web_push"] === undefined) return;
  const { web_push: _gone, ...rest } = turn.profile.unreachable;
  turn.profile = { ...turn.profile, unreachable: rest };
  saveProfile(turn);
}

/** Deletes the subscription of `endpoint`. */
export function removePushSubscription(turn: Turn, endpoint: string): { removed: boolean; subscriptions: number } {
  const removed = turn.store.delivery.push.remove(endpoint);
  if (removed) turn.store.trace.append([{ at: turn.now, runId: "", journeyId: null, version: null, node: null, kind: "delivery", reason: "web push subscription deleted by the browser" }]);
  return { removed, subscriptions: turn.store.delivery.push.live(turn.now).length };
}
