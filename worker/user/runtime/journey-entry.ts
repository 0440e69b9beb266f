/**
 * Starting runs: a signal is offered to every published journey; where a trigger matches, the
 * entry rules decide (re-entry, one active run per key), and an admitted trigger starts a run on
 * the journey's current version. Paused and archived journeys take no new entries.
 */
import { decideEntry, startRun, triggerEvent, type Signal } from "../../journey/engine/index.ts";
import type { LiveJourney } from "../../catalog/types.ts";
import type { UserEvent } from "../../journey/types.ts";
import { RUN_COMPACT_EVERY } from "../store/run-store.ts";
import { applyStep } from "./apply-step.ts";
import { traceShell } from "./shell-trace.ts";
import type { Turn } from "./turn.ts";
import { userView } from "./user-view.ts";
import type { Work } from "./work.ts";

/** `duplicate`: a manual entry whose `importKey` already entered this run; nothing was done. */
export type EntryResult = { entered: true; runId: string; duplicate?: true; work: Work[] } | { entered: false; reason: string; work: Work[] };

/** Offers `signal` to every live journey (manual signals only through `enterJourney`). */
export function offerSignal(turn: Turn, signal: Signal): Work[] {
  if (signal.type === "manual") return [];
  return turn.catalog.live.journeys.flatMap((journey) => {
    const trigger = matchTrigger(turn, journey, signal);
    return trigger === null ? [] : tryEnter(turn, journey, trigger).work;
  });
}

/** Enters the user into one journey by hand (its trigger must be `manual`). */
export function enterJourney(turn: Turn, journeyId: string, signal: Extract<Signal, { type: "manual" }>): EntryResult {
  const journey = turn.catalog.liveJourney(journeyId);
  if (journey === undefined) return refuse(turn, journeyId, null, `journey ${journeyId} is not published`);
  const trigger = matchTrigger(turn, journey, signal);
  if (trigger === null) return refuse(turn, journeyId, journey.version, `journey ${journeyId} has no manual trigger`);
  return tryEnter(turn, journey, trigger);
}

function matchTrigger(turn: Turn, journey: LiveJourney, signal: Signal): UserEvent | null {
  const scope = { attributes: turn.profile.traits, timeZone: turn.profile.timeZone ?? "UTC", now: turn.now };
  return triggerEvent(journey.definition, signal, scope);
}

function tryEnter(turn: Turn, journey: LiveJourney, trigger: UserEvent): EntryResult {
  const { id, version, definition } = journey;
  if (journey.status !== "active") return refuse(turn, id, version, `${trigger.name}: not entered, the journey is ${journey.status}`);
  const prior = turn.store.runs.priorEntries(id);
  const decision = decideEntry(definition, trigger, prior, turn.now, turn.profile.timeZone ?? "UTC");
  if (!decision.enter) return refuse(turn, id, version, `${trigger.name}: not entered, ${decision.reason}`);
  const seq = turn.store.meta.next(`run:${id}`);
  const runId = `${id}:${seq}`;
  const keyText = decision.key === "" ? "" : ` (key ${JSON.stringify(decision.key)})`;
  traceShell(turn, { kind: "entry", runId, journeyId: id, version, reason: `${trigger.name}: entered journey ${id} v${version}${keyText}` });
  const step = startRun({ definition, version, runId, trigger, key: decision.key, now: turn.now, user: userView(turn) });
  const work = applyStep(turn, step, true);
  // Every RUN_COMPACT_EVERY entries, so storage grows with entry keys, not with entries.
  if (seq % RUN_COMPACT_EVERY === 0) turn.store.runs.compact(id, turn.now);
  return { entered: true, runId, work };
}

function refuse(turn: Turn, journeyId: string, version: number | null, reason: string): EntryResult {
  traceShell(turn, { kind: "entry", journeyId, version, reason });
  return { entered: false, reason, work: [] };
}
