/** Turns one engine step into stats deltas (see stats-delta.ts for what each kind means). Pure. */
import type { Step } from "../../journey/types.ts";
import type { StatsDelta } from "./stats-delta.ts";

/**
 * @param started - true when the step began the run (adds the journey-level `entered`)
 */
export function stepStats(step: Step, workspace: string, started: boolean): StatsDelta[] {
  const { journeyId, version } = step.run;
  const delta = (node: string | null, kind: StatsDelta["kind"], at: number, reason?: string): StatsDelta => ({
    workspace,
    journeyId,
    version,
    node,
    kind,
    at,
    ...(reason === undefined ? {} : { reason }),
  });
  const out: StatsDelta[] = started ? [delta(null, "entered", step.run.enteredAt)] : [];
  for (const t of step.trace) {
    if (t.kind === "entered" && t.node !== null) out.push(delta(t.node, "entered", t.at));
    if ((t.kind === "branch" || t.kind === "resume") && t.node !== null) out.push(delta(t.node, "left", t.at));
  }
  for (const e of step.effects) {
    if (e.type === "run_ended") out.push(delta(e.node, "exited", e.at, e.reason));
    if (e.type === "goal_reached") out.push(delta(null, "converted", e.at));
  }
  return out;
}
