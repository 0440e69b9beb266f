/**
 * A user event reaching a run: goal first (also on ended runs, within the goal window), then
 * exit events, then the event a `wait_for_event` node awaits. In a keyed journey, an event
 * carrying another key value reaches only the matchers that say `key: "any"`.
 */
import { matchesEvent } from "../../filter/evaluate-filter.ts";
import type { EventMatcher } from "../../schema/journey.ts";
import type { UserEvent } from "../../types.ts";
import { endRun, leaveWait, note, type Context } from "../context.ts";
import { currentNode, ignore, resume } from "./resume.ts";

/** Anything that listens for an event: an exit event, the goal, a `wait_for_event` node. */
type Listener = Pick<EventMatcher, "event" | "key">;
/** Whether a listener hears the event at hand (see `keyScope`). */
type Hears = (listener: Listener) => boolean;

/** Handles an `event` input (see the module header for the order of checks). */
export function onEvent(ctx: Context, event: UserEvent): void {
  const run = ctx.run;
  if (!concernsRun(ctx, event)) return;
  const hears = keyScope(ctx, event);
  checkGoal(ctx, event, hears);
  if (run.status !== "active") return;
  const exit = ctx.definition.exit?.events.find((m) => hears(m) && matches(ctx, m, event));
  if (exit !== undefined) {
    endRun(ctx, currentNode(ctx), "exit_event", `${event.name} is an exit event of this journey`);
    return;
  }
  const waiting = run.waiting;
  if (waiting?.type !== "event") return;
  const node = ctx.definition.nodes[waiting.node];
  if (node?.type !== "wait_for_event" || !hears(node)) return;
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

/** What this run listens for right now: the open goal, and while active its exit events and its wait. */
function listeners(ctx: Context): Listener[] {
  const found: Listener[] = [];
  const { goal, exit, nodes } = ctx.definition;
  if (goal !== undefined && ctx.run.goalAt === undefined) found.push(goal);
  if (ctx.run.status === "ended") return found;
  found.push(...(exit?.events ?? []));
  const waiting = ctx.run.waiting;
  const node = waiting === null ? undefined : nodes[waiting.node];
  if (node?.type === "wait_for_event") found.push(node);
  return found;
}

/** Whether the event may touch this run at all: not older than the run, and not its own trigger. */
function concernsRun(ctx: Context, event: UserEvent): boolean {
  const run = ctx.run;
  if (event.at < run.enteredAt) {
    if (listeners(ctx).some((l) => l.event === event.name)) ignore(ctx, `${event.name} happened before this run started`);
    return false;
  }
  return event.id === undefined || event.id !== run.trigger.id;
}

/**
 * Which listeners hear this event. An event that carries the journey's `entry.key` property with
 * a value other than this keyed run's is heard only by listeners with `key: "any"`; it is traced
 * as ignored when a `same`-key listener was waiting for that name.
 */
function keyScope(ctx: Context, event: UserEvent): Hears {
  const run = ctx.run;
  const keyName = ctx.definition.entry?.key;
  if (run.key === "" || keyName === undefined) return () => true;
  const value = event.properties[keyName];
  if (value === undefined || value === null || String(value) === run.key) return () => true;
  if (listeners(ctx).some((l) => l.event === event.name && l.key !== "any")) {
    ignore(ctx, `${event.name} is for ${keyName} ${JSON.stringify(String(value))}, not this run's ${JSON.stringify(run.key)}`);
  }
  return (listener) => listener.key === "any";
}

function checkGoal(ctx: Context, event: UserEvent, hears: Hears): void {
  const run = ctx.run;
  const goal = ctx.definition.goal;
  if (goal === undefined || run.goalAt !== undefined || run.goalUntil === undefined) return;
  if (event.name !== goal.event || !hears(goal)) return;
  if (event.at > run.goalUntil) {
    ignore(ctx, `${event.name} came after the goal window (${goal.within} from entry) closed`);
    return;
  }
  if (!matches(ctx, goal, event)) return;
  run.goalAt = event.at;
  ctx.effects.push({ type: "goal_reached", runId: run.id, journeyId: run.journeyId, version: run.version, at: event.at, event: event.name });
  note(ctx, { node: currentNode(ctx), kind: "goal", reason: `goal reached: ${goal.event} within ${goal.within} of entry` });
}
