/**
 * Flow-control nodes that park a run: wait, wait_until, wait_for_event, wait_for_time_slot.
 * Each derives its timer id from the node execution's key, so replays set the same timers.
 */
import type { NodeOf } from "../../schema/nodes.ts";
import { nextBestTime, nextWindowStart } from "../../time/slots.ts";
import type { Context } from "../context.ts";
import { go, type Outcome } from "../outcome.ts";
import { shiftBy } from "../time-text.ts";
import { waitUntilTarget } from "../wait-until-target.ts";
import { parkUntil } from "./park.ts";

/** The hour used for `best_time` when neither the user nor the workspace has learned one. */
export const DEFAULT_BEST_HOUR = 10;

/** `wait`: park for `duration` (calendar units in the user's zone). */
export function runWait(ctx: Context, id: string, node: NodeOf<"wait">, key: string): Outcome {
  const at = shiftBy(ctx.now, node.duration, ctx.user.timeZone);
  if (at === null) return { type: "end", reason: "invalid_node", why: `wait: "${node.duration}" is not a duration` };
  return parkUntil(ctx, { node: id, type: "timer", timerId: key, at, what: `wait ${node.duration}`, branch: "next", next: node.next });
}

/** `wait_until`: park until the target date; a past date continues or ends per `if_past`. */
export function runWaitUntil(ctx: Context, id: string, node: NodeOf<"wait_until">, key: string): Outcome {
  const target = waitUntilTarget(node, ctx.attributes, ctx.user.timeZone);
  if (!target.ok) return { type: "end", reason: "date_past", why: target.why };
  if (target.at <= ctx.now && node.if_past === "skip") {
    return { type: "end", reason: "date_past", why: `${target.what} is already past (if_past: skip)` };
  }
  return parkUntil(ctx, { node: id, type: "timer", timerId: key, at: target.at, what: target.what, branch: "next", next: node.next });
}

/** `wait_for_event`: park until the event comes (handled by the event input) or the timeout. */
export function runWaitForEvent(ctx: Context, id: string, node: NodeOf<"wait_for_event">, key: string): Outcome {
  const at = shiftBy(ctx.now, node.timeout, ctx.user.timeZone);
  if (at === null) return { type: "end", reason: "invalid_node", why: `wait_for_event: "${node.timeout}" is not a duration` };
  const what = `wait_for_event ${node.event}${node.where === undefined ? "" : " (with conditions)"} for ${node.timeout}`;
  return parkUntil(ctx, { node: id, type: "event", timerId: key, at, what, branch: "timeout", next: node.timeout_next });
}

/** `wait_for_time_slot`: park until the window opens or the user's best hour, capped by `max_wait`. */
export function runTimeSlot(ctx: Context, id: string, node: NodeOf<"wait_for_time_slot">, key: string): Outcome {
  const tz = ctx.user.timeZone;
  const window = node.window;
  let at: number;
  let what: string;
  if (node.mode === "window") {
    if (window === undefined) return go("next", node.next, "wait_for_time_slot: no window given, nothing to wait for");
    at = nextWindowStart(ctx.now, window, tz);
    what = `wait_for_time_slot ${window.days === undefined ? "" : `${window.days.join(",")} `}${window.from}–${window.to}`;
  } else {
    const hour = ctx.user.bestHour ?? DEFAULT_BEST_HOUR;
    at = nextBestTime(ctx.now, hour, tz, window);
    what = `wait_for_time_slot best time ${String(hour).padStart(2, "0")}:00${ctx.user.bestHour === undefined ? " (default)" : ""}`;
  }
  if (node.max_wait !== undefined) {
    const cap = shiftBy(ctx.now, node.max_wait, tz);
    if (cap !== null && cap < at) {
      at = cap;
      what += ` capped by max_wait ${node.max_wait}`;
    }
  }
  return parkUntil(ctx, { node: id, type: "timer", timerId: key, at, what, branch: "next", next: node.next });
}
