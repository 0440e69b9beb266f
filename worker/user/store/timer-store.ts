/**
 * Timers are rows: the engine's set_timer/cancel_timer effects write and delete them, and one alarm
 * serves them all (see timers/wake-up.ts). `kind` is "run" for run timers.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export interface TimerRow {
  id: string;
  runId: string;
  kind: string;
  dueAt: Millis;
}

export interface TimerStore {
  set(timer: TimerRow): void;
  cancel(timerId: string): void;
  cancelForRun(runId: string): void;
  get(timerId: string): TimerRow | null;
  /** Timers due at or before `now`, in due order (ties in the order they were set), at most `limit`. */
  due(now: Millis, limit: number): TimerRow[];
  count(): number;
}

type Row = { id: string; run_id: string; kind: string; due_at: number };
const toTimer = (r: Row): TimerRow => ({ id: r.id, runId: r.run_id, kind: r.kind, dueAt: r.due_at });

export function createTimerStore(db: Sql): TimerStore {
  return {
    set(t) {
      db.run`INSERT INTO timers (id, run_id, kind, due_at) VALUES (${t.id}, ${t.runId}, ${t.kind}, ${t.dueAt})
        ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, kind = excluded.kind, due_at = excluded.due_at`;
    },
    cancel(timerId) {
      db.run`DELETE FROM timers WHERE id = ${timerId}`;
    },
    cancelForRun(runId) {
      db.run`DELETE FROM timers WHERE run_id = ${runId}`;
    },
    get(timerId) {
      const row = db.one<Row>`SELECT * FROM timers WHERE id = ${timerId}`;
      return row ? toTimer(row) : null;
    },
    due(now, limit) {
      return db.all<Row>`SELECT * FROM timers WHERE due_at <= ${now} ORDER BY due_at, rowid LIMIT ${limit}`.map(toTimer);
    },
    count() {
      return db.one<{ n: number }>`SELECT COUNT(*) AS n FROM timers`?.n ?? 0;
    },
  };
}
