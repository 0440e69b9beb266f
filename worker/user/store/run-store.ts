/**
 * Journey runs, stored as the engine's `Run` JSON plus the columns queries need. A run whose goal
 * window is still open keeps `goal_until` (cleared once converted), so goal events reach it after
 * it ended.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis, Run } from "../../journey/types.ts";

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
   * per run: a user of a journey with `reentry: "always"` keeps every run (goal windows, import
   * keys), and an event must not cost more the more often the user entered before.
   */
  priorEntries(journeyId: string): PriorEntry[];
  /** The (journey, version) pairs that active or goal-open runs are pinned to. */
  pinnedVersions(now: Millis): { journeyId: string; version: number }[];
  /** The id of a run of the journey (any status) entered with trigger property `importKey` = `importKey`, or null. */
  enteredWithImportKey(journeyId: string, importKey: string): string | null;
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
      // Only manual entries (CSV import rows) carry it; runs are kept, so this never forgets.
      return db.one<{ id: string }>`SELECT id FROM runs
        WHERE journey_id = ${journeyId} AND json_extract(run, '$.trigger.properties.importKey') = ${importKey} LIMIT 1`?.id ?? null;
    },
  };
}
