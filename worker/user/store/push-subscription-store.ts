/**
 * The user's browser push subscriptions (`POST /v1/push/subscriptions`), one row per endpoint.
 * A live row makes web_push reachable; a 404/410 from the push service deletes it.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export interface StoredPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  expirationTime: number | null;
  createdAt: Millis;
}

export interface PushSubscriptionStore {
  /** Creates or replaces the subscription of `endpoint`; true when it is new. */
  put(subscription: Omit<StoredPushSubscription, "createdAt">, now: Millis): boolean;
  /** Deletes one subscription; true when it existed. */
  remove(endpoint: string): boolean;
  /** Every subscription, oldest first. Expired ones (expirationTime in the past) are left out. */
  live(now: Millis): StoredPushSubscription[];
  /** How many rows exist, expired or not. */
  count(): number;
}

type Row = { endpoint: string; p256dh: string; auth: string; expiration_time: number | null; created_at: number };

export function createPushSubscriptionStore(db: Sql): PushSubscriptionStore {
  return {
    put(s, now) {
      const existed = db.one<{ endpoint: string }>`SELECT endpoint FROM push_subscriptions WHERE endpoint = ${s.endpoint}` !== null;
      db.run`INSERT INTO push_subscriptions (endpoint, p256dh, auth, expiration_time, created_at, updated_at)
        VALUES (${s.endpoint}, ${s.keys.p256dh}, ${s.keys.auth}, ${s.expirationTime}, ${now}, ${now})
        ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth,
          expiration_time = excluded.expiration_time, updated_at = excluded.updated_at`;
      return !existed;
    },
    remove(endpoint) {
      return db.all<{ endpoint: string }>`DELETE FROM push_subscriptions WHERE endpoint = ${endpoint} RETURNING endpoint`.length > 0;
    },
    live(now) {
      return db
        .all<Row>`SELECT endpoint, p256dh, auth, expiration_time, created_at FROM push_subscriptions
          WHERE expiration_time IS NULL OR expiration_time > ${now} ORDER BY created_at, endpoint`
        .map((r) => ({ endpoint: r.endpoint, keys: { p256dh: r.p256dh, auth: r.auth }, expirationTime: r.expiration_time, createdAt: r.created_at }));
    },
    count() {
      return db.one<{ n: number }>`SELECT COUNT(*) AS n FROM push_subscriptions`?.n ?? 0;
    },
  };
}
