/**
 * The user's recent events, for idempotency (messageId is UNIQUE) and for `countEvents`
 * (`has_done_event`, segment event rules). Identify calls are kept too (type "identify", no name) so
 * a replayed identify is also a no-op. Retention: 90 days, enforced on every `prune` (the oldest
 * event's time is kept in memory, so this costs a statement only when something is due), and
 * 5,000 rows, enforced by the first `prune` of each object instance and then every
 * EVENT_PRUNE_EVERY inserts (up to EVENT_PRUNE_EVERY - 1 extra rows may remain meanwhile).
 *
 * The store also keeps, in memory, a revision per event name: it changes whenever a row of that
 * name may have been added or removed through this store (any prune that deletes rows changes
 * every name's). A segment pass compares revisions to skip re-reading histories that cannot
 * have changed (worker/audience/segment-pass.ts). Revisions only grow, including for writes a
 * rolled-back transaction undid, which merely costs a re-read.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Attributes, Millis, UserEvent } from "../../journey/types.ts";
import { isRecord } from "./profile-store.ts";

export const EVENT_RETENTION_MS = 90 * 86_400_000;
export const EVENT_RETENTION_ROWS = 5_000;
/** The row limit is enforced every this many inserts. */
export const EVENT_PRUNE_EVERY = 100;

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
  /** Drops events older than 90 days, and rows beyond 5,000 (on this instance's first call, then every EVENT_PRUNE_EVERY inserts). */
  prune(now: Millis): void;
  /**
   * The in-memory revision of `name`'s rows, with the latest `at` inserted under it by this
   * instance (-Infinity if none): equal revisions mean no row of that name was added or removed
   * through this store in between.
   */
  revision(name: string): { revision: string; latestAt: Millis };
  /** Forgets the in-memory revisions (after the table was changed outside this store, e.g. erased). */
  forget(): void;
}

export function createEventStore(db: Sql): EventStore {
  // Revisions: `epoch` changes for every name at once, `byName` for one; `latest` is the newest
  // `at` inserted per name. Bounded: past MAX_NAMES names the maps restart under a new epoch.
  let epoch = 0;
  const byName = new Map<string, number>();
  const latest = new Map<string, Millis>();
  let sincePrune: number | null = null;
  // The oldest stored event's time (null: none), undefined until read.
  let oldest: Millis | null | undefined;
  const everything = (): void => {
    epoch += 1;
    byName.clear();
    latest.clear();
  };
  return {
    insert(e) {
      const inserted = db.all<{ seq: number }>`INSERT INTO events (message_id, type, name, properties, at)
        VALUES (${e.messageId}, ${e.type}, ${e.name}, ${JSON.stringify(e.properties)}, ${e.at})
        ON CONFLICT (message_id) DO NOTHING RETURNING seq`;
      if (inserted.length === 0) return false;
      if (oldest !== undefined) oldest = oldest === null ? e.at : Math.min(oldest, e.at);
      if (e.name !== null) {
        if (!byName.has(e.name) && byName.size >= MAX_NAMES) everything();
        byName.set(e.name, (byName.get(e.name) ?? 0) + 1);
        latest.set(e.name, Math.max(latest.get(e.name) ?? Number.NEGATIVE_INFINITY, e.at));
      }
      if (sincePrune !== null) sincePrune += 1;
      return true;
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
      const cutoff = now - EVENT_RETENTION_MS;
      if (oldest === undefined) oldest = db.one<{ at: number | null }>`SELECT MIN(at) AS at FROM events`?.at ?? null;
      let removed = 0;
      if (oldest !== null && oldest < cutoff) removed += db.write`DELETE FROM events WHERE at < ${cutoff}`;
      if (sincePrune === null || sincePrune >= EVENT_PRUNE_EVERY) {
        sincePrune = 0;
        removed += db.write`DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ${EVENT_RETENTION_ROWS})`;
      }
      if (removed > 0) {
        oldest = undefined;
        everything();
      }
    },
    revision(name) {
      return { revision: `${epoch}.${byName.get(name) ?? 0}`, latestAt: latest.get(name) ?? Number.NEGATIVE_INFINITY };
    },
    forget() {
      everything();
      sincePrune = null;
      oldest = undefined;
    },
  };
}

/** Distinct names whose revisions are kept before starting over (a user's event vocabulary is small). */
const MAX_NAMES = 1_000;
