/**
 * The journey engine: one pure step of one run. The Durable Object (and simulate) call it with
 * whatever reached the run and perform the effects it returns after committing the new run.
 */
import type { Journey } from "../schema/journey.ts";
import type { Input, Millis, Run, Step, UserView } from "../types.ts";
import { createContext, endRun, type Context } from "./context.ts";
import { onAttributes } from "./inputs/on-attributes.ts";
import { onData } from "./inputs/on-data.ts";
import { onEvent } from "./inputs/on-event.ts";
import { onTimer } from "./inputs/on-timer.ts";
import { currentNode, ignore } from "./inputs/resume.ts";
import { runFrom } from "./run-graph.ts";

/**
 * Advances `run` with `input` at `now` until it parks (a wait, wait_for_event, time slot or
 * fetch_data awaiting its result) or ends. Pure: never mutates `run`, reads no clock, and the
 * same (run, input, now, user) always yields a deep-equal Step, with timer ids and idempotency
 * keys derived from `run.id` and `run.seq`.
 *
 * Ended runs only react to goal events (within `run.goalUntil`); everything else is ignored.
 * @example
 * const { run: next, effects, trace } = advance(journey, run, { type: "timer", timerId }, now, user);
 */
export function advance(definition: Journey, run: Run, input: Input, now: Millis, user: UserView): Step {
  const ctx = createContext(definition, run, now, user);
  switch (input.type) {
    case "start": onStart(ctx); break;
    case "event": onEvent(ctx, input.event); break;
    case "timer": onTimer(ctx, input.timerId); break;
    case "attributes": onAttributes(ctx, input.changed); break;
    case "data": onData(ctx, input); break;
    case "archive": onArchive(ctx); break;
  }
  return { run: ctx.run, effects: ctx.effects, trace: ctx.trace };
}

function onStart(ctx: Context): void {
  const run = ctx.run;
  if (run.status !== "active" || run.seq > 0 || run.waiting !== null) return ignore(ctx, "start ignored: the run has already started");
  runFrom(ctx, ctx.definition.start);
}

function onArchive(ctx: Context): void {
  if (ctx.run.status !== "active") return;
  endRun(ctx, currentNode(ctx), "archived", "the journey was archived");
}
