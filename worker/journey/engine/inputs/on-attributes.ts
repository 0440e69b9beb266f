/**
 * Profile attributes changed: a `wait_until` relative to one of them moves with it (an EMI due
 * date pushed back moves its D-10 reminder).
 */
import { endRun, leaveWait, nextKey, note, type Context } from "../context.ts";
import { parkUntil } from "../nodes/park.ts";
import { waitUntilTarget } from "../wait-until-target.ts";
import { resume } from "./resume.ts";

/** Handles an `attributes` input: re-targets an attribute-relative wait_until, if the run is in one. */
export function onAttributes(ctx: Context, changed: readonly string[]): void {
  const waiting = ctx.run.waiting;
  if (ctx.run.status !== "active" || waiting?.type !== "timer") return;
  const id = waiting.node;
  const node = ctx.definition.nodes[id];
  if (node?.type !== "wait_until" || typeof node.date === "string" || !changed.includes(node.date.attribute)) return;
  const attribute = node.date.attribute;
  const target = waitUntilTarget(node, ctx.attributes, ctx.user.timeZone);
  if (!target.ok) return endRun(ctx, id, "date_past", `${attribute} changed: ${target.why}`);
  if (target.at === waiting.at) {
    note(ctx, { node: id, kind: "ignored", reason: `${attribute} changed but ${target.what} is still the same time` });
    return;
  }
  leaveWait(ctx);
  if (target.at <= ctx.now) {
    if (node.if_past === "skip") return endRun(ctx, id, "date_past", `${attribute} changed: ${target.what} is already past (if_past: skip)`);
    return resume(ctx, id, "next", node.next, `${attribute} changed: ${target.what} is already past (if_past: continue)`);
  }
  const key = nextKey(ctx);
  parkUntil(ctx, { node: id, type: "timer", timerId: key, at: target.at, what: `${attribute} changed, re-targeted ${target.what}`, branch: "next", next: node.next });
}
