/**
 * One function per kind of input, each run inside the input's synchronous transaction with a
 * prepared `Turn`: an ingested call, a due timer, a fetch result, a manual entry, an archive, a
 * segment window closing. Each persists everything it causes before returning.
 */
import type { Attributes, Input } from "../../journey/types.ts";
import type { NormalizedItem } from "../ingest/normalize-item.ts";
import type { TimerRow } from "../store/timer-store.ts";
import { mergeTraits } from "./attribute-changes.ts";
import { enterJourney } from "./journey-entry.ts";
import { processWork } from "./process-work.ts";
import { advanceRun, archiveRuns } from "./run-feeder.ts";
import { traceShell } from "./shell-trace.ts";
import { saveProfile, type Turn } from "./turn.ts";
import { attributeWork, type Work } from "./work.ts";

/** Records a track/page/identify call and runs what it causes; "duplicate" if its messageId was seen. */
export function ingestInput(turn: Turn, item: NormalizedItem): "accepted" | "duplicate" {
  const { store } = turn;
  const stored = store.events.insert({
    messageId: item.messageId,
    type: item.kind,
    name: item.name,
    properties: item.kind === "identify" ? item.traits : item.properties,
    at: item.at,
  });
  if (!stored) return "duplicate";
  store.events.prune(turn.now);
  const traits = { ...turn.profile.traits };
  const deltas = item.kind === "identify" ? mergeTraits(traits, item.traits) : [];
  turn.profile = {
    ...turn.profile,
    traits,
    userId: turn.profile.userId ?? item.userId,
    anonymousId: turn.profile.anonymousId ?? item.anonymousId,
    timeZone: item.timeZone ?? turn.profile.timeZone,
    lastSeen: item.kind === "event" ? Math.max(turn.profile.lastSeen, item.at) : turn.profile.lastSeen,
  };
  saveProfile(turn);
  const work: Work[] =
    item.kind === "identify"
      ? attributeWork(turn, deltas)
      : [{ type: "segments" }, { type: "signal", signal: { type: "event", event: { name: item.name ?? "", properties: item.properties, at: item.at, id: item.messageId } } }];
  processWork(turn, work);
  return "accepted";
}

/** A due run timer: resumes its run (stale timers are traced and dropped by the engine). */
export function timerInput(turn: Turn, timer: TimerRow): void {
  turn.store.timers.cancel(timer.id);
  const run = turn.store.runs.get(timer.runId);
  if (run === null) return;
  processWork(turn, advanceRun(turn, run, { type: "timer", timerId: timer.id }));
}

/** A finished fetch_data request: marks its outbox row done and resumes the run. */
export function dataInput(turn: Turn, runId: string, input: Extract<Input, { type: "data" }>): void {
  turn.store.outbox.markDone(input.requestKey, turn.now);
  const run = turn.store.runs.get(runId);
  if (run === null) return;
  processWork(turn, advanceRun(turn, run, input));
}

/**
 * Enters the user into a journey with a manual trigger ("specific users": CSV import, admin API).
 * An entry carrying `properties.importKey` (a CSV row's key) that already entered a run of the
 * journey is a duplicate: a retried or re-run import row enters once, whatever the re-entry rule.
 * The check reads the runs table, committed with the run itself, and never expires.
 */
export function manualInput(turn: Turn, journeyId: string, properties: Attributes): ReturnType<typeof enterJourney> {
  const importKey = properties["importKey"];
  const earlier = typeof importKey === "string" ? turn.store.runs.enteredWithImportKey(journeyId, importKey) : null;
  if (earlier !== null) {
    traceShell(turn, { kind: "entry", runId: earlier, journeyId, reason: `Journey Entered: not entered again, import row ${String(importKey)} already entered run ${earlier}` });
    return { entered: true, runId: earlier, duplicate: true, work: [] };
  }
  const result = enterJourney(turn, journeyId, { type: "manual", at: turn.now, properties });
  processWork(turn, result.work);
  return result;
}

/** Ends the journey's active runs at once; returns how many ended. */
export function archiveInput(turn: Turn, journeyId: string): number {
  const { ended, work } = archiveRuns(turn, journeyId);
  processWork(turn, work);
  return ended;
}

/** A segment's time window came due (or the catalog changed): re-evaluate membership. */
export function segmentsInput(turn: Turn): void {
  processWork(turn, [{ type: "segments" }]);
}

/** Applies attribute changes made outside journeys (e.g. a CSV import row) — same path as identify. */
export function traitsInput(turn: Turn, incoming: Attributes): void {
  const traits = { ...turn.profile.traits };
  const deltas = mergeTraits(traits, incoming);
  turn.profile = { ...turn.profile, traits };
  saveProfile(turn);
  processWork(turn, attributeWork(turn, deltas));
}

/**
 * When handling an ingested call failed, keep the call anyway: store the event alone (no journeys
 * run for it) and trace why, so accepted data is never lost.
 */
export function ingestFallback(turn: Turn, item: NormalizedItem, error: unknown): void {
  turn.store.events.insert({
    messageId: item.messageId,
    type: item.kind,
    name: item.name,
    properties: item.kind === "identify" ? item.traits : item.properties,
    at: item.at,
  });
  const why = error instanceof Error ? error.message : String(error);
  turn.store.trace.append([{ at: turn.now, runId: "", journeyId: null, version: null, node: null, kind: "error", reason: `${item.name ?? item.kind} ${item.messageId} stored without running journeys: ${why}` }]);
}

/** A timer whose handling failed is retried later rather than lost or retried in a tight loop. */
export function timerFailed(turn: Turn, timer: TimerRow, error: unknown, retryAt: number): void {
  turn.store.timers.set({ ...timer, dueAt: retryAt });
  const why = error instanceof Error ? error.message : String(error);
  turn.store.trace.append([{ at: turn.now, runId: timer.runId, journeyId: null, version: null, node: null, kind: "error", reason: `timer ${timer.id} failed (${why}); retrying at ${new Date(retryAt).toISOString()}` }]);
}
