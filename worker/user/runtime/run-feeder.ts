/**
 * Feeding inputs to runs that already exist, each on the journey version it started with. A run
 * of an archived journey gets `archive` instead of whatever reached it, so it ends at its next
 * input or timer.
 */
import { advance } from "../../journey/engine/index.ts";
import type { Input, Journey, Run } from "../../journey/types.ts";
import { applyStep } from "./apply-step.ts";
import { traceShell } from "./shell-trace.ts";
import type { Turn } from "./turn.ts";
import { userView } from "./user-view.ts";
import type { Work } from "./work.ts";

/** Advances one run with `input` (or `archive`, if its journey is archived) and persists the step. */
export function advanceRun(turn: Turn, run: Run, input: Input): Work[] {
  const definition = turn.catalog.definition(run.journeyId, run.version);
  if (definition === null) {
    traceShell(turn, {
      kind: "error",
      runId: run.id,
      journeyId: run.journeyId,
      version: run.version,
      reason: `${input.type} not handled: version ${run.version} of journey ${run.journeyId} is not in the catalog`,
    });
    return [];
  }
  const archived = turn.catalog.liveJourney(run.journeyId)?.status === "archived";
  const effective: Input = archived && run.status === "active" ? { type: "archive" } : input;
  return applyStep(turn, advance(definition, run, effective, turn.now, userView(turn)), false);
}

/**
 * A user event reaches every active run and every ended run whose goal window is open, if the
 * run's journey can react to that event name at all (else the engine would only ignore it).
 */
export function feedEvent(turn: Turn, input: Extract<Input, { type: "event" }>): Work[] {
  return turn.store.runs.listLive(turn.now).flatMap((run) => {
    const definition = turn.catalog.definition(run.journeyId, run.version);
    const archived = turn.catalog.liveJourney(run.journeyId)?.status === "archived" && run.status === "active";
    if (definition !== null && !archived && !eventNames(definition).has(input.event.name)) return [];
    return advanceRun(turn, run, input);
  });
}

const namesByDefinition = new WeakMap<Journey, Set<string>>();

/** The event names a journey's runs react to: exit events, the goal, wait_for_event nodes. */
function eventNames(definition: Journey): Set<string> {
  let names = namesByDefinition.get(definition);
  if (names === undefined) {
    names = new Set([
      ...(definition.exit?.events.map((m) => m.event) ?? []),
      ...(definition.goal === undefined ? [] : [definition.goal.event]),
      ...Object.values(definition.nodes).flatMap((node) => (node.type === "wait_for_event" ? [node.event] : [])),
    ]);
    namesByDefinition.set(definition, names);
  }
  return names;
}

/** Attribute changes reach every active run (attribute-relative wait_until re-targets). */
export function feedAttributes(turn: Turn, changed: string[]): Work[] {
  return turn.store.runs.listActive().flatMap((run) => advanceRun(turn, run, { type: "attributes", changed }));
}

/** Ends every active run of `journeyId` now; returns how many ended. */
export function archiveRuns(turn: Turn, journeyId: string): { ended: number; work: Work[] } {
  let ended = 0;
  const work: Work[] = [];
  for (const run of turn.store.runs.listActiveOf(journeyId)) {
    work.push(...advanceRun(turn, run, { type: "archive" }));
    if (turn.store.runs.get(run.id)?.status === "ended") ended += 1;
  }
  return { ended, work };
}
