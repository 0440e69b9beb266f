/**
 * The outbox: IO effects (send, webhook, fetch_data, audience) written in the same transaction as
 * the run that asked for them, performed after commit. `key` is the effect's idempotency key and is
 * UNIQUE, so a replayed input cannot enqueue the same effect twice.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Effect, Millis } from "../../journey/types.ts";

/** The effects that leave the Durable Object. */
export type IoEffect = Extract<Effect, { type: "send" | "webhook" | "fetch_data" | "audience" }>;

export type OutboxStatus = "pending" | "done" | "failed";

export interface OutboxRow {
  seq: number;
  key: string;
  effect: IoEffect;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Millis;
  lastError: string | null;
  /**
   * The provider idempotency key this row is sent with, when it must not be derived from this
   * object (outbox/perform-context.ts): a row moved here by an identity merge keeps the visitor's
   * key, and a row pending when a merge changed the profile's first-seen time keeps its old one,
   * so a provider that already took an earlier attempt drops the next. Null or absent (rows built
   * elsewhere, snapshots exported before this field existed): derived.
   */
  deliveryKey?: string | null;
}

export const OUTBOX_DONE_RETENTION_MS = 7 * 86_400_000;

export interface OutboxStore {
  /** Queues the effect; false if its key is already there. */
  enqueue(effect: IoEffect, now: Millis): boolean;
  get(key: string): OutboxRow | null;
  /** Pending rows due at or before `now`, oldest first, at most `limit`. */
  due(now: Millis, limit: number): OutboxRow[];
  markDone(key: string, now: Millis): void;
  /** Postpones a pending row to `until` without counting an attempt (delivery policy delays). */
  defer(key: string, until: Millis, now: Millis): void;
  /** Records a failed attempt: pending again at `nextAttemptAt`, or failed for good when null. */
  markAttempt(key: string, error: string, nextAttemptAt: Millis | null, now: Millis): void;
  list(): OutboxRow[];
  prune(now: Millis): void;
  /** Gives every pending row without a delivery key the key `prefix + key` (identity/absorb-snapshot.ts). */
  pinDeliveryKeys(prefix: string): void;
  /** The row sent with `deliveryKey` (a row carrying it), else the row keyed `rowKey` that carries none. */
  sentWith(deliveryKey: string, rowKey: string): OutboxRow | null;
}

type Row = {
  seq: number;
  key: string;
  effect: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  delivery_key: string | null;
};

const toRow = (r: Row): OutboxRow => ({
  seq: r.seq,
  key: r.key,
  effect: JSON.parse(r.effect),
  status: r.status === "done" || r.status === "failed" ? r.status : "pending",
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  deliveryKey: r.delivery_key,
});

export function createOutboxStore(db: Sql): OutboxStore {
  return {
    enqueue(effect, now) {
      const runId = "runId" in effect ? effect.runId : null;
      const inserted = db.all<{ seq: number }>`INSERT INTO outbox (key, type, run_id, effect, status, attempts, next_attempt_at, created_at, updated_at)
        VALUES (${effect.key}, ${effect.type}, ${runId}, ${JSON.stringify(effect)}, 'pending', 0, ${now}, ${now}, ${now})
        ON CONFLICT (key) DO NOTHING RETURNING seq`;
      return inserted.length > 0;
    },
    get(key) {
      const row = db.one<Row>`SELECT * FROM outbox WHERE key = ${key}`;
      return row ? toRow(row) : null;
    },
    due(now, limit) {
      return db.all<Row>`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at, seq LIMIT ${limit}`.map(toRow);
    },
    markDone(key, now) {
      db.run`UPDATE outbox SET status = 'done', attempts = attempts + 1, updated_at = ${now} WHERE key = ${key}`;
    },
    defer(key, until, now) {
      db.run`UPDATE outbox SET next_attempt_at = ${until}, updated_at = ${now} WHERE key = ${key} AND status = 'pending'`;
    },
    markAttempt(key, error, nextAttemptAt, now) {
      const status = nextAttemptAt === null ? "failed" : "pending";
      db.run`UPDATE outbox SET status = ${status}, attempts = attempts + 1, last_error = ${error},
        next_attempt_at = ${nextAttemptAt ?? now}, updated_at = ${now} WHERE key = ${key}`;
    },
    list() {
      return db.all<Row>`SELECT * FROM outbox ORDER BY seq`.map(toRow);
    },
    prune(now) {
      db.run`DELETE FROM outbox WHERE status = 'done' AND updated_at < ${now - OUTBOX_DONE_RETENTION_MS}`;
    },
    pinDeliveryKeys(prefix) {
      db.run`UPDATE outbox SET delivery_key = ${prefix} || key WHERE status = 'pending' AND delivery_key IS NULL`;
    },
    sentWith(deliveryKey, rowKey) {
      const row = db.one<Row>`SELECT * FROM outbox WHERE delivery_key = ${deliveryKey} OR (key = ${rowKey} AND delivery_key IS NULL)
        ORDER BY delivery_key IS NULL LIMIT 1`;
      return row ? toRow(row) : null;
    },
  };
}
