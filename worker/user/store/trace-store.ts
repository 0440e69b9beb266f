/**
 * The per-user trace, a bounded ring (last 2,000 entries) answering "why did (or didn't) this user
 * get it?". Engine trace entries are stored with their journey and version; the shell adds its own
 * (entry refused, archived, delivery outcomes) with runId "" when no run exists.
 *
 * Inside a transaction, appended lines are buffered and written in one statement when the
 * outermost transaction is about to commit (an event's entry, steps and segment changes are
 * several appends); a rolled-back transaction or savepoint drops its lines. The buffering is
 * driven by worker/user/store/user-store.ts (`begin`, `commit`, `abort`).
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
  /** Oldest first (with the lines buffered by the current transaction, if any). */
  list(): StoredTrace[];
  /** A transaction (or savepoint) starts: appends are buffered until the outermost commits. */
  begin(): TraceMark;
  /** Its function returned: the outermost writes the buffered lines (still inside the transaction). */
  commit(mark: TraceMark): void;
  /** It threw: its lines are dropped. */
  abort(mark: TraceMark): void;
}

/** Where a transaction's lines start in the buffer, and whether it is still open. */
export interface TraceMark {
  readonly at: number;
  open: boolean;
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
  let depth = 0;
  let buffer: StoredTrace[] = [];
  const write = (entries: readonly StoredTrace[]): void => {
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
  };
  return {
    append(entries) {
      if (depth > 0) buffer.push(...entries);
      else write(entries);
    },
    begin() {
      depth += 1;
      return { at: buffer.length, open: true };
    },
    commit(mark) {
      mark.open = false;
      depth -= 1;
      if (depth > 0) return;
      const lines = buffer;
      buffer = [];
      write(lines);
    },
    abort(mark) {
      if (mark.open) {
        mark.open = false;
        depth -= 1;
      }
      buffer.length = Math.min(buffer.length, mark.at);
    },
    list() {
      const stored = db.all<Row>`SELECT * FROM (SELECT * FROM trace ORDER BY seq DESC LIMIT ${TRACE_RETENTION_ROWS}) ORDER BY seq`.map((r) => {
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
      return buffer.length === 0 ? stored : [...stored, ...buffer].slice(-TRACE_RETENTION_ROWS);
    },
  };
}
