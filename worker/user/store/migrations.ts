/**
 * The User Durable Object's schema, as ordered migration steps. `migrate()` runs in the constructor
 * inside `ctx.blockConcurrencyWhile`: it applies, in one transaction each, only the steps newer than
 * the stored `schema_version` row, so running it again is a no-op. Never edit a shipped step: add one.
 *
 * Retention (kept small on purpose, per user):
 * - events: the last 90 days and at most 5,000 rows (see event-store.ts). `has_done_event` and
 *   segment windows longer than that see only what is kept; inactivity uses profile.last_seen.
 * - trace: the last 2,000 entries. messages: the last 5,000. outbox: done rows older than 7 days go.
 */
import type { Sql } from "../../lib/sql.ts";

export interface Migration {
  version: number;
  /** What the step does, for humans. */
  name: string;
  ddl: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "profile, events, runs, timers, outbox, messages, trace, segment membership",
    ddl: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        workspace TEXT NOT NULL,
        user_id TEXT,
        anonymous_id TEXT,
        traits TEXT NOT NULL DEFAULT '{}',
        time_zone TEXT,
        unreachable TEXT NOT NULL DEFAULT '{}',
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL
      );
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        name TEXT,
        properties TEXT NOT NULL DEFAULT '{}',
        at INTEGER NOT NULL
      );
      CREATE INDEX events_name_at ON events (name, at);
      CREATE INDEX events_at ON events (at);
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        journey_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        entered_at INTEGER NOT NULL,
        goal_until INTEGER,
        run TEXT NOT NULL
      );
      CREATE INDEX runs_journey ON runs (journey_id, key);
      CREATE INDEX runs_status ON runs (status);
      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        due_at INTEGER NOT NULL
      );
      CREATE INDEX timers_due ON timers (due_at);
      CREATE INDEX timers_run ON timers (run_id);
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        run_id TEXT,
        effect TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL UNIQUE,
        journey TEXT NOT NULL,
        version INTEGER NOT NULL,
        node TEXT NOT NULL,
        channel TEXT NOT NULL,
        template TEXT NOT NULL,
        status TEXT NOT NULL,
        reason TEXT,
        provider TEXT,
        provider_id TEXT,
        at INTEGER NOT NULL
      );
      CREATE TABLE trace (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        journey_id TEXT,
        version INTEGER,
        node TEXT,
        kind TEXT NOT NULL,
        branch TEXT,
        reason TEXT NOT NULL
      );
      CREATE TABLE segment_membership (
        segment_id TEXT PRIMARY KEY,
        member INTEGER NOT NULL,
        since INTEGER NOT NULL,
        changes_at INTEGER,
        reason TEXT
      );
      CREATE INDEX segment_changes ON segment_membership (changes_at);
    `,
  },
  {
    version: 2,
    name: "messages.transactional, and an index for frequency caps (sends per channel since a time)",
    ddl: `
      ALTER TABLE messages ADD COLUMN transactional INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX messages_channel_at ON messages (channel, status, at);
    `,
  },
  {
    version: 3,
    name: "delivery: browser push subscriptions, pending browser messages (in-app, overlays), engagement signals already applied",
    ddl: `
      CREATE TABLE IF NOT EXISTS push_subscriptions (
        endpoint TEXT PRIMARY KEY,
        p256dh TEXT NOT NULL,
        auth TEXT NOT NULL,
        expiration_time INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS pending_messages (
        key TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        frame TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS pending_messages_status ON pending_messages (status, created_at);
      CREATE TABLE IF NOT EXISTS signals_seen (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS signals_seen_at ON signals_seen (at);
    `,
  },
  {
    version: 4,
    name: "stats deltas waiting to be sent in a batch (written with the input that caused them)",
    ddl: `
      CREATE TABLE IF NOT EXISTS stats_pending (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        delta TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: "outbox.delivery_key: the idempotency key a row keeps (moved by an identity merge, or pinned by one)",
    ddl: `
      ALTER TABLE outbox ADD COLUMN delivery_key TEXT;
      CREATE INDEX IF NOT EXISTS outbox_delivery_key ON outbox (delivery_key) WHERE delivery_key IS NOT NULL;
    `,
  },
];

/** The version the code expects. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the schema up to `SCHEMA_VERSION`. Idempotent.
 * @returns the version found and the version now stored
 */
export function migrate(db: Sql, transaction: <T>(fn: () => T) => T): { from: number; to: number } {
  db.ddl("CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
  const from = db.one<{ version: number }>`SELECT version FROM schema_version WHERE id = 1`?.version ?? 0;
  for (const step of MIGRATIONS) {
    if (step.version <= from) continue;
    transaction(() => {
      db.ddl(step.ddl);
      db.run`INSERT INTO schema_version (id, version) VALUES (1, ${step.version})
             ON CONFLICT (id) DO UPDATE SET version = excluded.version`;
    });
  }
  return { from, to: Math.max(from, SCHEMA_VERSION) };
}
