/** Trace lines written by the shell itself (entry decisions, segments, deliveries, errors). */
import type { ShellTraceKind, StoredTrace } from "../store/trace-store.ts";
import type { Turn } from "./turn.ts";

export interface ShellNote {
  kind: ShellTraceKind;
  reason: string;
  journeyId?: string | null;
  version?: number | null;
  runId?: string;
  node?: string | null;
  branch?: string;
}

/** Appends one shell trace line at the turn's `now`. */
export function traceShell(turn: Turn, note: ShellNote): void {
  const entry: StoredTrace = {
    at: turn.now,
    runId: note.runId ?? "",
    journeyId: note.journeyId ?? null,
    version: note.version ?? null,
    node: note.node ?? null,
    kind: note.kind,
    reason: note.reason,
  };
  if (note.branch !== undefined) entry.branch = note.branch;
  turn.store.trace.append([entry]);
}
