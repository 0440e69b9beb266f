/**
 * Retention of the inbox (`pending_messages`), applied after every delivery to the browser, the
 * way events and trace lines are pruned as they are written: the table only grows on delivery,
 * so pruning there keeps it bounded.
 *
 * - an expired row goes at once: it can never be shown (the inbox already hides it);
 * - a row the browser reported (shown, clicked, dismissed, answered) is kept 7 days after the
 *   report, as long as done outbox rows (OUTBOX_DONE_RETENTION_MS), so a replayed send still finds
 *   it and does not show it again;
 * - at most 500 rows per user: beyond that the oldest go first, whatever their status.
 */
import type { Millis } from "../../journey/types.ts";
import { createSql } from "../../lib/sql.ts";

export const INBOX_HANDLED_RETENTION_MS = 7 * 86_400_000;
export const INBOX_RETENTION_ROWS = 500;

/** Deletes the inbox rows beyond retention at `now`. */
export function pruneInbox(storage: SqlStorage, now: Millis): void {
  const db = createSql(storage);
  db.run`DELETE FROM pending_messages WHERE expires_at IS NOT NULL AND expires_at <= ${now}`;
  db.run`DELETE FROM pending_messages WHERE status <> 'pending' AND updated_at < ${now - INBOX_HANDLED_RETENTION_MS}`;
  db.run`DELETE FROM pending_messages WHERE key IN (
    SELECT key FROM pending_messages ORDER BY created_at DESC, key DESC LIMIT -1 OFFSET ${INBOX_RETENTION_ROWS})`;
}
