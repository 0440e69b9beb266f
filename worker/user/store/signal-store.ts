/**
 * Engagement signals already applied (by their stable id), so a provider's retried webhook or a
 * browser's repeated report changes reachability and the best-hour model once. Kept 30 days.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export const SIGNAL_RETENTION_MS = 30 * 86_400_000;

export interface SignalStore {
  /** Remembers `id`; false when it was already seen. */
  markSeen(id: string, now: Millis): boolean;
  prune(now: Millis): void;
}

export function createSignalStore(db: Sql): SignalStore {
  return {
    markSeen(id, now) {
      return db.all<{ id: string }>`INSERT INTO signals_seen (id, at) VALUES (${id}, ${now}) ON CONFLICT (id) DO NOTHING RETURNING id`.length > 0;
    },
    prune(now) {
      db.run`DELETE FROM signals_seen WHERE at < ${now - SIGNAL_RETENTION_MS}`;
    },
  };
}
