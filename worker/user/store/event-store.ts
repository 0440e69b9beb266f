/**
 * The user's recent events, for idempotency (messageId is UNIQUE) and for `countEvents`
 * (`has_done_event`, segment event rules). Identify calls are kept too (type "identify", no name) so
 * a replayed identify is also a no-op. Retention: 90 days and 5,000 rows, pruned on insert.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Attributes, Millis, UserEvent } from "../../journey/types.ts";
import { isRecord } from "./profile-store.ts";

export const EVENT_RETENTION_MS = 90 * 86_400_000;
export const EVENT_RETENTION_ROWS = 5_000;

export interface StoredEvent {
  messageId: string;
  type: string;
  name: string | null;
  properties: Attributes;
  at: Millis;
}

type EventRow = { message_id: string; type: string; name: string | null; properties: string; at: number };

export interface EventStore {
  /** Records the event; false when its messageId was seen before (a replay). */
  insert(event: StoredEvent): boolean;
  has(messageId: string): boolean;
  /** Number of events named `name` at or after `since`, up to `until`. */
  count(name: string, since: Millis | undefined, until: Millis): number;
  /** The events named `name` in the window, for filtering by properties. */
  list(name: string, since: Millis | undefined, until: Millis): UserEvent[];
  /** The newest event's time, or null. */
  lastAt(): Millis | null;
  /** Drops what is beyond retention. */
  prune(now: Millis): void;
}

export function createEventStore(db: Sql): EventStore {
  return {
    insert(e) {
      const inserted = db.all<{ seq: number }>`INSERT INTO events (message_id, type, name, properties, at)
        VALUES (${e.messageId}, ${e.type}, ${e.name}, ${JSON.stringify(e.properties)}, ${e.at})
        ON CONFLICT (message_id) DO NOTHING RETURNING seq`;
      return inserted.length > 0;
    },
    has(messageId) {
      return db.one`SELECT 1 AS x FROM events WHERE message_id = ${messageId}` !== null;
    },
    count(name, since, until) {
      const row = db.one<{ n: number }>`SELECT COUNT(*) AS n FROM events
        WHERE name = ${name} AND at >= ${since ?? 0} AND at <= ${until}`;
      return row?.n ?? 0;
    },
    list(name, since, until) {
      const rows = db.all<EventRow>`SELECT message_id, type, name, properties, at FROM events
        WHERE name = ${name} AND at >= ${since ?? 0} AND at <= ${until} ORDER BY at`;
      return rows.map((r) => {
        const properties: unknown = JSON.parse(r.properties);
        return { name, properties: isRecord(properties) ? properties : {}, at: r.at, id: r.message_id };
      });
    },
    lastAt() {
      return db.one<{ at: number | null }>`SELECT MAX(at) AS at FROM events`?.at ?? null;
    },
    prune(now) {
      db.run`DELETE FROM events WHERE at < ${now - EVENT_RETENTION_MS}`;
      db.run`DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ${EVENT_RETENTION_ROWS})`;
    },
  };
}
