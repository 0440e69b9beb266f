/**
 * The delivery tables of the User Durable Object (migration v3) behind one object: push
 * subscriptions, pending browser messages, signals seen. Synchronous like the other stores, so
 * it can be used inside `UserStore.transaction`.
 */
import { createSql } from "../../lib/sql.ts";
import { createPendingMessageStore, type PendingMessageStore } from "./pending-message-store.ts";
import { createPushSubscriptionStore, type PushSubscriptionStore } from "./push-subscription-store.ts";
import { createSignalStore, type SignalStore } from "./signal-store.ts";

export interface DeliveryStore {
  push: PushSubscriptionStore;
  inbox: PendingMessageStore;
  signals: SignalStore;
}

export function createDeliveryStore(storage: DurableObjectStorage): DeliveryStore {
  const db = createSql(storage.sql);
  return { push: createPushSubscriptionStore(db), inbox: createPendingMessageStore(db), signals: createSignalStore(db) };
}
