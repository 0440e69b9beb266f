/**
 * The per-user trace, a bounded ring (last 2,000 entries) answering "why did (or didn't) this user
 * get it?". Engine trace entries are stored with their journey and version; the shell adds its own
 * (entry refused, archived, delivery outcomes) with runId "" when no run exists.
 */
import type { Sql } from "../../lib/sql.ts";
import type { TraceEntry } from "../../journey/types.ts";

export const TRACE_RETENTION_ROWS = 2_000;
/** Older lines are deleted each time the sequence passes a multiple of this (not on every append). */
const PRUNE_EVERY = 100;

/**
 * Kinds the shell adds to the engine's: `entry` (a trigger matched: entered or refused, and why),
 * `segment` (entered or left a segment), `delivery` (an outbox outcome), `error` (an input that
 * failed or was cut short).
 */
export type ShellTraceKind = "entry" | "segment" | "delivery" | "engagement" | "error";

export interface StoredTrace extends Omit<TraceEntry, "kind"> {
  kind: TraceEntry["kind"] | ShellTraceKind;
  journeyId: string | null;
  version: number | null;
}

const KINDS: readonly StoredTrace["kind"][] = [
  "entered", "branch", "wait", "resume", "end", "goal", "ignored", "entry", "segment", "delivery", "engagement", "error",
];

export interface TraceStore {
  append(entries: readonly StoredTrace[]): void;
  /** Oldest first. */
  list(): StoredTrace[];
}

type Row = {
  at: number;
  run_id: string;
  journey_id: string | null;
  version: number | null;
  node: string | null;
  kind: string;
  branch: string | null;
  reason: string;
};

export function createTraceStore(db: Sql): TraceStore {
  return {
    append(entries) {
      if (entries.length === 0) return;
      // One statement for any number of lines: they go in as one JSON array, in order.
      const rows = entries.map((e) => [e.at, e.runId, e.journeyId, e.version, e.node, e.kind, e.branch ?? null, e.reason]);
      const inserted = db.all<{ seq: number }>`INSERT INTO trace (at, run_id, journey_id, version, node, kind, branch, reason)
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
        FROM json_each(${JSON.stringify(rows)}) ORDER BY key RETURNING seq`;
      const seq = Math.max(0, ...inserted.map((r) => r.seq));
      if (Math.floor(seq / PRUNE_EVERY) !== Math.floor((seq - entries.length) / PRUNE_EVERY)) {
        db.run`DELETE FROM trace WHERE seq <= ${seq - TRACE_RETENTION_ROWS}`;
      }
    },
    list() {
      return db.all<Row>`SELECT * FROM (SELECT * FROM trace ORDER BY seq DESC LIMIT ${TRACE_RETENTION_ROWS}) ORDER BY seq`.map((r) => {
        const entry: StoredTrace = {
          at: r.at,
          runId: r.run_id,
          journeyId: r.journey_id,
          version: r.version,
          node: r.node,
          kind: KINDS.find((k) => k === r.kind) ?? "error",
          reason: r.reason,
        };
        if (r.branch !== null) entry.branch = r.branch;
        return entry;
      });
    },
  };
}
