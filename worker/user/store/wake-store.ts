/**
 * The earliest instant anything in the object falls due, read in one statement (it is asked after
 * every input): run timers, pending outbox rows (a fresh row only after `freshGraceMs`, since it is
 * performed inline right after commit), segment windows, and waiting stats (`statsWaitMs` after
 * the oldest). Each part's rule is the same as its own store's (`outbox.nextDue`, `timers.nextDue`,
 * `segments.nextChange`, `stats.waiting`).
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export interface WakeStore {
  earliest(freshGraceMs: number, statsWaitMs: number): Millis | null;
}

export function createWakeStore(db: Sql): WakeStore {
  return {
    earliest(freshGraceMs, statsWaitMs) {
      return (
        db.one<{ at: number | null }>`SELECT MIN(at) AS at FROM (
          SELECT MIN(due_at) AS at FROM timers
          UNION ALL SELECT MIN(CASE WHEN attempts = 0 THEN next_attempt_at + ${freshGraceMs} ELSE next_attempt_at END) FROM outbox WHERE status = 'pending'
          UNION ALL SELECT MIN(changes_at) FROM segment_membership
          UNION ALL SELECT MIN(created_at) + ${statsWaitMs} FROM stats_pending
        )`?.at ?? null
      );
    },
  };
}
