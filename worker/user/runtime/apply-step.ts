/**
 * Persists one engine step inside the turn's transaction: the run, its timers, its outbox rows,
 * its trace and its stats, and applies update_attribute effects to the profile. Returns the work
 * those attribute changes cause.
 */
import type { Step } from "../../journey/types.ts";
import { stepStats } from "../stats/step-stats.ts";
import { applyAttributeChange, type AttributeDelta } from "./attribute-changes.ts";
import { saveProfile, type Turn } from "./turn.ts";
import { attributeWork, type Work } from "./work.ts";

/**
 * @param started - true when the step began the run
 */
export function applyStep(turn: Turn, step: Step, started: boolean): Work[] {
  const { store } = turn;
  const { run } = step;
  store.runs.save(run);
  const deltas: AttributeDelta[] = [];
  let traits = turn.profile.traits;
  let timerSet = false;
  for (const effect of step.effects) {
    switch (effect.type) {
      case "set_timer":
        store.timers.set({ id: effect.timerId, runId: effect.runId, kind: "run", dueAt: effect.at });
        timerSet = true;
        break;
      case "cancel_timer":
        store.timers.cancel(effect.timerId);
        break;
      case "update_attribute": {
        if (traits === turn.profile.traits) traits = { ...traits };
        const delta = applyAttributeChange(traits, effect.attribute, effect.change);
        if (delta) deltas.push(delta);
        break;
      }
      case "send":
      case "webhook":
      case "fetch_data":
      case "audience":
        store.outbox.enqueue(effect, turn.now);
        break;
      case "goal_reached":
      case "run_ended":
        break; // counted by stepStats
    }
  }
  // A run that began in this step has no timers but those it set here.
  if (run.status === "ended" && (!started || timerSet)) store.timers.cancelForRun(run.id);
  store.trace.append(step.trace.map((t) => ({ ...t, journeyId: run.journeyId, version: run.version })));
  turn.stats.push(...stepStats(step, turn.workspace, started));
  if (deltas.length === 0) return [];
  turn.profile = { ...turn.profile, traits };
  saveProfile(turn);
  return attributeWork(turn, deltas);
}
