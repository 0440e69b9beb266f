/** Leaving a parked node along one of its branches. */
import { note, type Context } from "../context.ts";
import { runFrom } from "../run-graph.ts";

/** Traces the resume of `node` along `branch` and runs on from `next` (`waiting` already cleared). */
export function resume(ctx: Context, node: string, branch: string, next: string, why: string): void {
  note(ctx, { node, kind: "resume", branch, reason: `${why} → ${next}` });
  runFrom(ctx, next, node);
}

/** The node the run is at: where it waits, else the last node it entered. */
export function currentNode(ctx: Context): string | null {
  return ctx.run.waiting?.node ?? ctx.run.path.at(-1) ?? null;
}

/** Traces an input the run does not act on. */
export function ignore(ctx: Context, why: string): void {
  note(ctx, { node: currentNode(ctx), kind: "ignored", reason: why });
}
