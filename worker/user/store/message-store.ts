/**
 * The message log: one row per send the user got or did not get (sent, suppressed, failed), keyed
 * by the send's idempotency key so performing the same outbox row twice logs it once. Keeps the
 * last 5,000.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export type MessageStatus = "sent" | "suppressed" | "failed";

export interface MessageLogRow {
  key: string;
  journey: string;
  version: number;
  node: string;
  channel: string;
  template: string;
  status: MessageStatus;
  reason: string | null;
  provider: string | null;
  providerId: string | null;
  /** Transactional sends are exempt from frequency caps, so caps do not count them. */
  transactional: boolean;
  at: Millis;
}

/** The message log keeps (and lists) the newest this many messages. */
export const MESSAGE_RETENTION_ROWS = 5_000;
const PRUNE_EVERY = 100;

export interface MessageStore {
  /** Logs the message; false if its key was already logged. */
  record(row: MessageLogRow): boolean;
  /** Oldest first. */
  list(): MessageLogRow[];
  /** When non-transactional messages were sent on `channel` at or after `since` (for frequency caps). */
  sentAt(channel: string, since: Millis): Millis[];
  /** The logged message with this key, or null. */
  find(key: string): MessageLogRow | null;
  /** The logged message the provider knows by `providerId` (Resend email id, Twilio SID, wamid), or null. */
  findByProviderId(providerId: string): MessageLogRow | null;
}

type Row = {
  key: string;
  journey: string;
  version: number;
  node: string;
  channel: string;
  template: string;
  status: string;
  reason: string | null;
  provider: string | null;
  provider_id: string | null;
  transactional: number;
  at: number;
};

const STATUSES: readonly MessageStatus[] = ["sent", "suppressed", "failed"];

export function createMessageStore(db: Sql): MessageStore {
  return {
    record(m) {
      const inserted = db.all<{ seq: number }>`INSERT INTO messages (key, journey, version, node, channel, template, status, reason, provider, provider_id, transactional, at)
        VALUES (${m.key}, ${m.journey}, ${m.version}, ${m.node}, ${m.channel}, ${m.template}, ${m.status}, ${m.reason},
                ${m.provider}, ${m.providerId}, ${m.transactional ? 1 : 0}, ${m.at})
        ON CONFLICT (key) DO NOTHING RETURNING seq`;
      const seq = inserted[0]?.seq;
      if (seq === undefined) return false;
      // Pruned every PRUNE_EVERY rows, not on every send (a statement each); list() shows the newest rows only.
      if (seq % PRUNE_EVERY === 0) db.run`DELETE FROM messages WHERE seq <= ${seq - MESSAGE_RETENTION_ROWS}`;
      return true;
    },
    list() {
      return db.all<Row>`SELECT * FROM (SELECT * FROM messages ORDER BY seq DESC LIMIT ${MESSAGE_RETENTION_ROWS}) ORDER BY at, seq`.map(toLogRow);
    },
    sentAt(channel, since) {
      return db
        .all<{ at: number }>`SELECT at FROM messages
          WHERE channel = ${channel} AND status = 'sent' AND transactional = 0 AND at >= ${since} ORDER BY at`
        .map((r) => r.at);
    },
    find(key) {
      const row = db.one<Row>`SELECT * FROM messages WHERE key = ${key}`;
      return row === null ? null : toLogRow(row);
    },
    findByProviderId(providerId) {
      const row = db.one<Row>`SELECT * FROM messages WHERE provider_id = ${providerId} ORDER BY seq DESC LIMIT 1`;
      return row === null ? null : toLogRow(row);
    },
  };
}

function toLogRow(r: Row): MessageLogRow {
  return {
    key: r.key,
    journey: r.journey,
    version: r.version,
    node: r.node,
    channel: r.channel,
    template: r.template,
    status: STATUSES.find((s) => s === r.status) ?? "failed",
    reason: r.reason,
    provider: r.provider,
    providerId: r.provider_id,
    transactional: r.transactional === 1,
    at: r.at,
  };
}
