/**
 * In-app and web overlay messages waiting for the browser (`pending_messages`): the outbox's
 * browser sink writes a frame here (the SDK's MessageFrame, JSON); the realtime side pushes it on
 * the WebSocket or lists it in `GET /v1/inbox`, and the SDK's status reports move it on.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

/** pending: not yet shown; shown / clicked / dismissed / answered: what the browser reported. */
export type PendingStatus = "pending" | "shown" | "clicked" | "dismissed" | "answered";

export interface PendingMessage {
  key: string;
  channel: string;
  /** The frame as the SDK renders it (worker/channels/message-frame.ts `MessageFrame`). */
  frame: Record<string, unknown>;
  status: PendingStatus;
  createdAt: Millis;
  expiresAt: Millis | null;
}

export interface PendingMessageStore {
  /** Stores a frame once per key; false if the key was already stored. */
  add(message: Omit<PendingMessage, "status">): boolean;
  /** Frames still pending and not expired at `now`, oldest first. */
  pending(now: Millis): PendingMessage[];
  get(key: string): PendingMessage | null;
  /** Records what the browser reported; false for an unknown key. */
  setStatus(key: string, status: PendingStatus, now: Millis): boolean;
}

type Row = { key: string; channel: string; frame: string; status: string; created_at: number; expires_at: number | null };

const STATUSES: readonly PendingStatus[] = ["pending", "shown", "clicked", "dismissed", "answered"];

const toMessage = (r: Row): PendingMessage => {
  const frame: unknown = JSON.parse(r.frame);
  return {
    key: r.key,
    channel: r.channel,
    frame: typeof frame === "object" && frame !== null && !Array.isArray(frame) ? Object.fromEntries(Object.entries(frame)) : {},
    status: STATUSES.find((s) => s === r.status) ?? "pending",
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
};

export function createPendingMessageStore(db: Sql): PendingMessageStore {
  return {
    add(m) {
      return db.all<{ key: string }>`INSERT INTO pending_messages (key, channel, frame, status, created_at, updated_at, expires_at)
        VALUES (${m.key}, ${m.channel}, ${JSON.stringify(m.frame)}, 'pending', ${m.createdAt}, ${m.createdAt}, ${m.expiresAt})
        ON CONFLICT (key) DO NOTHING RETURNING key`.length > 0;
    },
    pending(now) {
      return db.all<Row>`SELECT * FROM pending_messages WHERE status = 'pending' AND (expires_at IS NULL OR expires_at > ${now})
        ORDER BY created_at, key`.map(toMessage);
    },
    get(key) {
      const row = db.one<Row>`SELECT * FROM pending_messages WHERE key = ${key}`;
      return row === null ? null : toMessage(row);
    },
    setStatus(key, status, now) {
      return db.all<{ key: string }>`UPDATE pending_messages SET status = ${status}, updated_at = ${now} WHERE key = ${key} RETURNING key`.length > 0;
    },
  };
}
