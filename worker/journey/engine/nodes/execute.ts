/** Dispatches one node to its handler. */
import type { JourneyNode } from "../../schema/nodes.ts";
import type { Context } from "../context.ts";
import type { Outcome } from "../outcome.ts";
import { runAudience, runFetchData, runSend, runUpdateAttribute, runWebhook } from "./actions.ts";
import { runCheckAttribute, runHasDoneEvent, runInSegment, runIsReachable, runSplit } from "./conditions.ts";
import { runTimeSlot, runWait, runWaitForEvent, runWaitUntil } from "./waits.ts";

/** Runs node `id` with the key derived for this execution (timer id / idempotency key). */
export function executeNode(ctx: Context, id: string, node: JourneyNode, key: string): Outcome {
  switch (node.type) {
    case "wait": return runWait(ctx, id, node, key);
    case "wait_until": return runWaitUntil(ctx, id, node, key);
    case "wait_for_event": return runWaitForEvent(ctx, id, node, key);
    case "wait_for_time_slot": return runTimeSlot(ctx, id, node, key);
    case "end": return { type: "end", reason: "completed", why: "reached the end" };
    case "in_segment": return runInSegment(ctx, node);
    case "has_done_event": return runHasDoneEvent(ctx, node);
    case "check_attribute": return runCheckAttribute(ctx, node);
    case "is_reachable": return runIsReachable(ctx, node);
    case "split": return runSplit(ctx, id, node);
    case "send": return runSend(ctx, id, node, key);
    case "survey": return runSend(ctx, id, node, key);
    case "update_attribute": return runUpdateAttribute(ctx, node, key);
    case "fetch_data": return runFetchData(ctx, id, node, key);
    case "webhook": return runWebhook(ctx, id, node, key);
    case "audience": return runAudience(ctx, id, node, key);
  }
}
