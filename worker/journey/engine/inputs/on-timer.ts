/** A timer came due: resume the node parked on it, or ignore it if it is stale. */
import type { Context } from "../context.ts";
import { endRun } from "../context.ts";
import { ignore, resume } from "./resume.ts";

/** Handles a `timer` input: only the run's current timer resumes it. */
export function onTimer(ctx: Context, timerId: string): void {
  const run = ctx.run;
  const waiting = run.waiting;
  if (run.status !== "active") return ignore(ctx, `timer ${timerId} ignored: the run has ended`);
  if (waiting === null || waiting.type === "data" || waiting.timerId !== timerId) {
    return ignore(ctx, `timer ${timerId} ignored: the run is not waiting on it (stale timer)`);
  }
  run.waiting = null; // it fired: nothing to cancel
  const node = ctx.definition.nodes[waiting.node];
  switch (node?.type) {
    case "wait": return resume(ctx, waiting.node, "next", node.next, `wait ${node.duration} elapsed`);
    case "wait_until": return resume(ctx, waiting.node, "next", node.next, "wait_until: the date has come");
    case "wait_for_time_slot": return resume(ctx, waiting.node, "next", node.next, "wait_for_time_slot: the slot has come");
    case "wait_for_event":
      return resume(ctx, waiting.node, "timeout", node.timeout_next, `wait_for_event ${node.event}: no such event within ${node.timeout}, timed out`);
    default:
      return endRun(ctx, waiting.node, "invalid_node", `node "${waiting.node}" is not a waiting node in this journey`);
  }
}
