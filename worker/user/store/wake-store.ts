/**
 * When anything in the object falls due, read in one statement (it is asked after every input):
 * run timers; pending outbox rows at their next attempt, a fresh row (never tried, never deferred)
 * only `freshGraceMs` after its commit, since it is performed inline right after; segment windows
 * (as `segments.nextChange`); waiting stats `statsWaitMs` after the oldest (as `stats.waiting`).
 * The one place these due-time rules live.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export interface WakeStore {
  /** `work`: the earliest timer, outbox row or segment window; `stats`: when waiting stats are due. */
  earliest(freshGraceMs: number, statsWaitMs: number): { work: Millis | null; stats: Millis | null };
}

export function createWakeStore(db: Sql): WakeStore {
  return {
    earliest(freshGraceMs, statsWaitMs) {
      const row = db.one<{ work: number | null; stats: number | null }>`SELECT
        (SELECT MIN(at) FROM (
          SELECT MIN(due_at) AS at FROM timers
          UNION ALL SELECT MIN(CASE WHEN attempts = 0 AND next_attempt_at = created_at THEN next_attempt_at + ${freshGraceMs} ELSE next_attempt_at END) FROM outbox WHERE status = 'pending'
          UNION ALL SELECT MIN(changes_at) FROM segment_membership
        )) AS work,
        (SELECT MIN(created_at) + ${statsWaitMs} FROM stats_pending) AS stats`;
      return { work: row?.work ?? null, stats: row?.stats ?? null };
    },
  };
}
