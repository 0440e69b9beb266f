/**
 * The working state of one `advance()` call: a private copy of the run, the attributes as this
 * call sees them (after its own `update_attribute` nodes), and the effects and trace collected so
 * far. Node handlers mutate only this context; `advance()` returns it as a `Step`.
 */
import type { Journey } from "../schema/journey.ts";
import type { Attributes, EndReason, Effect, Millis, Run, TraceEntry, UserView } from "../types.ts";

export interface Context {
  readonly definition: Journey;
  readonly user: UserView;
  readonly now: Millis;
  readonly run: Run;
  /** The profile as the rest of this call sees it (update_attribute applies here at once). */
  readonly attributes: Attributes;
  readonly effects: Effect[];
  readonly trace: TraceEntry[];
  /** Node executions so far in this call (the loop guard counts these). */
  steps: number;
}

/** Most node executions one `advance()` call may perform before the run is ended as a loop. */
export const MAX_STEPS_PER_ADVANCE = 100;
/** How many node ids `run.path` keeps (the most recent ones). */
export const MAX_PATH = 200;

/** Builds a context over a copy of `run`, so the caller's run is never mutated. */
export function createContext(definition: Journey, run: Run, now: Millis, user: UserView): Context {
  const copy: Run = {
    ...run,
    trigger: run.trigger,
    waiting: run.waiting === null ? null : { ...run.waiting },
    data: { ...run.data },
    path: [...run.path],
  };
  return { definition, user, now, run: copy, attributes: { ...user.attributes }, effects: [], trace: [], steps: 0 };
}

/** Appends a trace line for this run. */
export function note(ctx: Context, entry: Omit<TraceEntry, "at" | "runId">): void {
  ctx.trace.push({ at: ctx.now, runId: ctx.run.id, ...entry });
}

/** Advances `run.seq` and returns the id derived from it (timer ids and idempotency keys). */
export function nextKey(ctx: Context): string {
  ctx.run.seq += 1;
  return `${ctx.run.id}:${ctx.run.seq}`;
}

/** Cancels the timer the run is parked on, if any, and clears `waiting`. */
export function leaveWait(ctx: Context): void {
  const waiting = ctx.run.waiting;
  if (waiting !== null && waiting.type !== "data") ctx.effects.push({ type: "cancel_timer", timerId: waiting.timerId });
  ctx.run.waiting = null;
}

/** Ends the run: status, reason, `run_ended` effect and a trace line saying why. */
export function endRun(ctx: Context, node: string | null, reason: EndReason, why: string): void {
  leaveWait(ctx);
  const run = ctx.run;
  run.status = "ended";
  run.endedAt = ctx.now;
  run.endReason = reason;
  ctx.effects.push({
    type: "run_ended",
    runId: run.id,
    journeyId: run.journeyId,
    version: run.version,
    node,
    reason,
    at: ctx.now,
  });
  note(ctx, { node, kind: "end", reason: `run ended (${reason}): ${why}` });
}
