/**
 * Drains an input's work queue inside its transaction. A user event first reaches the runs that
 * exist (exit rules, waits, goals), then the triggers, so a run never receives the event that
 * started it. Feedback (update_attribute → attribute trigger → update_attribute …) is cut after
 * `MAX_WORK_PER_INPUT` items, with a trace line saying so.
 */
import { feedAttributes, feedEvent } from "./run-feeder.ts";
import { offerSignal } from "./journey-entry.ts";
import { syncSegments } from "./segment-sync.ts";
import { traceShell } from "./shell-trace.ts";
import type { Turn } from "./turn.ts";
import type { Work } from "./work.ts";

export const MAX_WORK_PER_INPUT = 200;

/** Handles `initial` and everything it causes; returns how many items were handled. */
export function processWork(turn: Turn, initial: readonly Work[]): number {
  const queue: Work[] = [...initial];
  let handled = 0;
  for (let work = queue.shift(); work !== undefined; work = queue.shift()) {
    if (handled >= MAX_WORK_PER_INPUT) {
      traceShell(turn, {
        kind: "error",
        reason: `stopped after ${MAX_WORK_PER_INPUT} cascaded changes in one input (a loop of attribute updates and triggers?); ${queue.length + 1} dropped`,
      });
      break;
    }
    handled += 1;
    queue.push(...handle(turn, work));
  }
  return handled;
}

function handle(turn: Turn, work: Work): Work[] {
  switch (work.type) {
    case "segments":
      return syncSegments(turn);
    case "attributes":
      return feedAttributes(turn, work.changed);
    case "signal": {
      const fromRuns = work.signal.type === "event" ? feedEvent(turn, { type: "event", event: work.signal.event }) : [];
      return [...fromRuns, ...offerSignal(turn, work.signal)];
    }
  }
}
