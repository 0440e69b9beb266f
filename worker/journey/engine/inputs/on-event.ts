/**
 * A user event reaching a run: goal first (also on ended runs, within the goal window), then
 * exit events, then the event a `wait_for_event` node awaits.
 */
import { matchesEvent } from "../../filter/evaluate-filter.ts";
import type { EventMatcher } from "../../schema/journey.ts";
import type { UserEvent } from "../../types.ts";
import { endRun, leaveWait, note, type Context } from "../context.ts";
import { currentNode, ignore, resume } from "./resume.ts";

/** Handles an `event` input (see the module header for the order of checks). */
export function onEvent(ctx: Context, event: UserEvent): void {
  const run = ctx.run;
  if (!concernsRun(ctx, event)) return;
  checkGoal(ctx, event);
  if (run.status !== "active") return;
  const exit = ctx.definition.exit?.events.find((m) => matches(ctx, m, event));
  if (exit !== undefined) {
    endRun(ctx, currentNode(ctx), "exit_event", `${event.name} is an exit event of this journey`);
    return;
  }
  const waiting = run.waiting;
  if (waiting?.type !== "event") return;
  const node = ctx.definition.nodes[waiting.node];
  if (node?.type !== "wait_for_event") return;
  if (matches(ctx, node, event)) {
    leaveWait(ctx);
    resume(ctx, waiting.node, "next", node.next, `wait_for_event ${node.event}: the event came`);
  } else if (event.name === node.event) {
    ignore(ctx, `${event.name} does not match the conditions of wait_for_event ${waiting.node}`);
  }
}

function matches(ctx: Context, matcher: EventMatcher, event: UserEvent): boolean {
  return matchesEvent(matcher, event, { attributes: ctx.attributes, timeZone: ctx.user.timeZone, now: ctx.now });
}

/** Event names this run reacts to right now (to trace only relevant ignored events). */
function relevantNames(ctx: Context): Set<string> {
  const names = new Set<string>();
  const { goal, exit, nodes } = ctx.definition;
  if (goal !== undefined && ctx.run.goalAt === undefined) names.add(goal.event);
  if (ctx.run.status === "ended") return names;
  for (const m of exit?.events ?? []) names.add(m.event);
  const waiting = ctx.run.waiting;
  const node = waiting === null ? undefined : nodes[waiting.node];
  if (node?.type === "wait_for_event") names.add(node.event);
  return names;
}

/**
 * Whether the event may touch this run at all: not older than the run, not its own trigger, and
 * (for keyed runs) not carrying another key value.
 */
function concernsRun(ctx: Context, event: UserEvent): boolean {
  const run = ctx.run;
  const relevant = relevantNames(ctx).has(event.name);
  if (event.at < run.enteredAt) {
    if (relevant) ignore(ctx, `${event.name} happened before this run started`);
    return false;
  }
  if (event.id !== undefined && event.id === run.trigger.id) return false;
  const keyName = ctx.definition.entry?.key;
  if (run.key === "" || keyName === undefined) return true;
  const value = event.properties[keyName];
  if (value === undefined || value === null || String(value) === run.key) return true;
  if (relevant) ignore(ctx, `${event.name} is for ${keyName} ${JSON.stringify(String(value))}, not this run's ${JSON.stringify(run.key)}`);
  return false;
}

function checkGoal(ctx: Context, event: UserEvent): void {
  const run = ctx.run;
  const goal = ctx.definition.goal;
  if (goal === undefined || run.goalAt !== undefined || run.goalUntil === undefined) return;
  if (event.name !== goal.event) return;
  if (event.at > run.goalUntil) {
    ignore(ctx, `${event.name} came after the goal window (${goal.within} from entry) closed`);
    return;
  }
  if (!matches(ctx, goal, event)) return;
  run.goalAt = event.at;
  ctx.effects.push({ type: "goal_reached", runId: run.id, journeyId: run.journeyId, version: run.version, at: event.at, event: event.name });
  note(ctx, { node: currentNode(ctx), kind: "goal", reason: `goal reached: ${goal.event} within ${goal.within} of entry` });
}
