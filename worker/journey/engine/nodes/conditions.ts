/**
 * Branch nodes: in_segment, has_done_event, check_attribute, is_reachable, split. They read the
 * user view (and the attributes as changed earlier in this call) and pick a branch.
 */
import type { CountRule } from "../../schema/filter.ts";
import type { NodeOf } from "../../schema/nodes.ts";
import { evaluateFilter } from "../../filter/evaluate-filter.ts";
import type { Context } from "../context.ts";
import { go, type Outcome } from "../outcome.ts";
import { pickBranch, splitPoint } from "../split-hash.ts";
import { shiftBy } from "../time-text.ts";

const yesNo = (ok: boolean): "yes" | "no" => (ok ? "yes" : "no");

/** `in_segment`: is the user a member of `segment` right now? */
export function runInSegment(ctx: Context, node: NodeOf<"in_segment">): Outcome {
  const branch = yesNo(ctx.user.inSegment(node.segment));
  return go(branch, node[branch], `in_segment ${node.segment}: ${branch}`);
}

const COUNT_SYMBOL: Record<CountRule["op"], string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

/** Whether `count` satisfies `rule`. */
export function countMatches(count: number, rule: CountRule): boolean {
  switch (rule.op) {
    case "eq": return count === rule.value;
    case "neq": return count !== rule.value;
    case "gt": return count > rule.value;
    case "gte": return count >= rule.value;
    case "lt": return count < rule.value;
    case "lte": return count <= rule.value;
  }
}

/** `has_done_event`: count matching events (within the window, if any) against `count` (default ≥ 1). */
export function runHasDoneEvent(ctx: Context, node: NodeOf<"has_done_event">): Outcome {
  const since = node.within === undefined ? undefined : shiftBy(ctx.now, `-${node.within}`, ctx.user.timeZone) ?? undefined;
  const rule = node.count ?? { op: "gte", value: 1 };
  const count = ctx.user.countEvents({ event: node.event, where: node.where, since });
  const branch = yesNo(countMatches(count, rule));
  const window = node.within === undefined ? "" : ` in the last ${node.within}`;
  const reason = `has_done_event ${node.event}${window}: ${count} (needs ${COUNT_SYMBOL[rule.op]} ${rule.value}): ${branch}`;
  return go(branch, node[branch], reason);
}

/** `check_attribute`: the filter over the profile (and the trigger event's properties). */
export function runCheckAttribute(ctx: Context, node: NodeOf<"check_attribute">): Outcome {
  const result = evaluateFilter(node.where, {
    attributes: ctx.attributes,
    event: ctx.run.trigger,
    timeZone: ctx.user.timeZone,
    now: ctx.now,
  });
  const branch = yesNo(result.ok);
  return go(branch, node[branch], `check_attribute [${result.reason}]: ${branch}`);
}

/** `is_reachable`: can the user be reached on `channel` right now? */
export function runIsReachable(ctx: Context, node: NodeOf<"is_reachable">): Outcome {
  const branch = yesNo(ctx.user.reachable(node.channel));
  return go(branch, node[branch], `is_reachable ${node.channel}: ${branch}`);
}

/** `split`: a sticky weighted pick (the same user always takes the same branch of this node). */
export function runSplit(ctx: Context, id: string, node: NodeOf<"split">): Outcome {
  const point = splitPoint(ctx.run.userId, ctx.run.journeyId, id);
  const weights = node.branches.map((b) => b.weight);
  const index = pickBranch(point, weights);
  const total = weights.reduce((a, b) => a + b, 0);
  const share = Math.round(((weights[index] ?? 0) / total) * 1000) / 10;
  const next = node.branches[index]?.next ?? "";
  return go(String(index), next, `split: branch ${index} (${share}% of users, this user's bucket ${point.toFixed(3)})`);
}
