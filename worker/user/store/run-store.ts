/**
 * Journey runs, stored as the engine's `Run` JSON plus the columns queries need. A run whose goal
 * window is still open keeps `goal_until` (cleared once converted), so goal events reach it after
 * it ended.
 *
 * Ended runs are compacted (`compact`): of a journey's ended runs with one entry key, only the
 * latest entered is kept, and any whose goal window is open, that carries a CSV import key or that
 * still has outbox rows to perform (their outcomes are traced and counted against the run). That is
 * all entry rules and import de-duplication read, so a user of a `reentry: "always"` journey keeps
 * one row per key instead of one per entry, and answers stay the same.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis, Run } from "../../journey/types.ts";

/** How many entries into one journey between two compactions of its ended runs. */
export const RUN_COMPACT_EVERY = 16;

/** What entry rules look at about earlier runs of a journey with one key. */
export interface PriorEntry {
  key: string;
  enteredAt: Millis;
  active: boolean;
}

export interface RunStore {
  get(runId: string): Run | null;
  save(run: Run): void;
  /** Active runs, plus ended runs whose goal window is open at `now`, oldest first. */
  listLive(now: Millis): Run[];
  /** Active runs only, oldest first. */
  listActive(): Run[];
  /** Active runs of one journey. */
  listActiveOf(journeyId: string): Run[];
  /**
   * The journey's earlier runs (any version) summed up per entry key: the latest entry and whether
   * one is active. All that entry rules (engine/entry.ts) ask, in one row per key instead of one
   * per run: between compactions a user of a journey with `reentry: "always"` has many runs per
   * key, and goal-open or imported runs stay, so an event must not cost more the more often the
   * user entered before.
   */
  priorEntries(journeyId: string): PriorEntry[];
  /** The (journey, version) pairs that active or goal-open runs are pinned to. */
  pinnedVersions(now: Millis): { journeyId: string; version: number }[];
  /** The id of a run of the journey (any status) entered with trigger property `importKey` = `importKey`, or null. */
  enteredWithImportKey(journeyId: string, importKey: string): string | null;
  /**
   * Deletes the journey's ended runs that a later run with the same key makes redundant: not
   * goal-open at `now`, no import key, no pending outbox row. `priorEntries` and
   * `enteredWithImportKey` answer as before.
   * @returns how many runs were deleted
   */
  compact(journeyId: string, now: Millis): number;
}

export function createRunStore(db: Sql): RunStore {
  const parse = (rows: { run: string }[]): Run[] => rows.map((r): Run => JSON.parse(r.run));
  return {
    get(runId) {
      const row = db.one<{ run: string }>`SELECT run FROM runs WHERE id = ${runId}`;
      return row ? parse([row])[0] ?? null : null;
    },
    save(run) {
      const goalOpen = run.goalUntil !== undefined && run.goalAt === undefined ? run.goalUntil : null;
      db.run`INSERT INTO runs (id, journey_id, version, key, status, entered_at, goal_until, run)
        VALUES (${run.id}, ${run.journeyId}, ${run.version}, ${run.key}, ${run.status}, ${run.enteredAt}, ${goalOpen}, ${JSON.stringify(run)})
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, goal_until = excluded.goal_until, run = excluded.run`;
    },
    listLive(now) {
      return parse(db.all<{ run: string }>`SELECT run FROM runs
        WHERE status = 'active' OR goal_until >= ${now} ORDER BY entered_at, id`);
    },
    listActive() {
      return parse(db.all<{ run: string }>`SELECT run FROM runs WHERE status = 'active' ORDER BY entered_at, id`);
    },
    listActiveOf(journeyId) {
      return parse(db.all<{ run: string }>`SELECT run FROM runs
        WHERE status = 'active' AND journey_id = ${journeyId} ORDER BY entered_at, id`);
    },
    priorEntries(journeyId) {
      return db
        .all<{ key: string; entered_at: number; active: number }>`SELECT key, MAX(entered_at) AS entered_at,
          MAX(status = 'active') AS active FROM runs WHERE journey_id = ${journeyId} GROUP BY key ORDER BY entered_at`
        .map((r) => ({ key: r.key, enteredAt: r.entered_at, active: r.active === 1 }));
    },
    pinnedVersions(now) {
      return db
        .all<{ journey_id: string; version: number }>`SELECT DISTINCT journey_id, version FROM runs
          WHERE status = 'active' OR goal_until >= ${now}`
        .map((r) => ({ journeyId: r.journey_id, version: r.version }));
    },
    enteredWithImportKey(journeyId, importKey) {
      // Only manual entries (CSV import rows) carry it; `compact` keeps such runs, so this never forgets.
      return db.one<{ id: string }>`SELECT id FROM runs
        WHERE journey_id = ${journeyId} AND json_extract(run, '$.trigger.properties.importKey') = ${importKey} LIMIT 1`?.id ?? null;
    },
    compact(journeyId, now) {
      // "Later" is by entry time, then insertion (rowid): a strict order, so the latest run of every key stays.
      return db.write`DELETE FROM runs WHERE journey_id = ${journeyId} AND status <> 'active'
        AND (goal_until IS NULL OR goal_until < ${now})
        AND json_extract(run, '$.trigger.properties.importKey') IS NULL
        AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.status = 'pending' AND outbox.run_id = runs.id)
        AND EXISTS (SELECT 1 FROM runs AS later WHERE later.journey_id = runs.journey_id AND later.key = runs.key
          AND (later.entered_at > runs.entered_at OR (later.entered_at = runs.entered_at AND later.rowid > runs.rowid)))`;
    },
  };
}
