/**
 * Journey stats deltas waiting to be sent (migration v4). They are written in the transaction of
 * the input (or outcome) that caused them, so a crash cannot lose them, and sent in batches: at
 * most one queue message per STATS_FLUSH_MS per user instead of one per delta (worker/user/stats).
 * How many wait and since when is kept in memory once read (every input asks); `forget` drops it
 * (worker/user/store/user-store.ts calls it when a transaction rolls back or storage is erased).
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";
import type { StatsDelta } from "../stats/stats-delta.ts";
import { isRecord } from "./profile-store.ts";

export interface PendingStats {
  /** Sequence of the newest row taken (for `remove`). */
  through: number;
  deltas: StatsDelta[];
}

export interface StatsStore {
  add(deltas: readonly StatsDelta[], now: Millis): void;
  /** When the oldest waiting delta was written (null when none waits), and how many wait. */
  waiting(): { oldest: Millis | null; count: number };
  /** The oldest `limit` waiting deltas. */
  take(limit: number): PendingStats;
  /** Drops the rows up to and including `through` (they were sent). */
  remove(through: number): void;
  /** Drops the in-memory count (the next `waiting` reads storage). */
  forget(): void;
}

const KINDS: readonly StatsDelta["kind"][] = ["entered", "left", "converted", "failed", "exited"];

export function createStatsStore(db: Sql): StatsStore {
  let known: { oldest: Millis | null; count: number } | undefined;
  return {
    add(deltas, now) {
      if (deltas.length === 0) return;
      const before = known;
      known = undefined; // a failed insert leaves nothing stale behind
      // One statement whatever the count: the deltas go in as one JSON array.
      db.run`INSERT INTO stats_pending (delta, created_at) SELECT value, ${now} FROM json_each(${JSON.stringify(deltas)})`;
      if (before !== undefined) known = { oldest: Math.min(before.oldest ?? now, now), count: before.count + deltas.length };
    },
    waiting() {
      if (known === undefined) {
        const row = db.one<{ at: number | null; n: number }>`SELECT MIN(created_at) AS at, COUNT(*) AS n FROM stats_pending`;
        known = { oldest: row?.at ?? null, count: row?.n ?? 0 };
      }
      return { ...known };
    },
    take(limit) {
      const rows = db.all<{ seq: number; delta: string }>`SELECT seq, delta FROM stats_pending ORDER BY seq LIMIT ${limit}`;
      const deltas: StatsDelta[] = [];
      for (const row of rows) {
        const delta = toDelta(JSON.parse(row.delta));
        if (delta !== null) deltas.push(delta);
      }
      return { through: rows.at(-1)?.seq ?? 0, deltas };
    },
    remove(through) {
      known = undefined;
      db.run`DELETE FROM stats_pending WHERE seq <= ${through}`;
    },
    forget() {
      known = undefined;
    },
  };
}

/** Reads back a stored delta (written by `add` from a StatsDelta, so only a corrupt row is null). */
function toDelta(value: unknown): StatsDelta | null {
  if (!isRecord(value)) return null;
  const { workspace, journeyId, version, node, kind, at, reason, user } = value;
  if (typeof workspace !== "string" || typeof journeyId !== "string" || typeof version !== "number" || typeof at !== "number") return null;
  if (node !== null && typeof node !== "string") return null;
  const known = KINDS.find((k) => k === kind);
  if (known === undefined) return null;
  const delta: StatsDelta = { workspace, journeyId, version, node, kind: known, at };
  if (typeof reason === "string") delta.reason = reason;
  if (typeof user === "string") delta.user = user;
  return delta;
}
