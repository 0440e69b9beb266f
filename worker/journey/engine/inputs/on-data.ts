/** A `fetch_data` request finished: store the result and go on, or apply `on_error`. */
import type { Input } from "../../types.ts";
import { endRun, type Context } from "../context.ts";
import { ignore, resume } from "./resume.ts";

type DataInput = Extract<Input, { type: "data" }>;

/** Handles a `data` input for the fetch the run is parked on (others are ignored). */
export function onData(ctx: Context, input: DataInput): void {
  const run = ctx.run;
  const waiting = run.waiting;
  if (run.status !== "active" || waiting?.type !== "data" || waiting.requestKey !== input.requestKey) {
    return ignore(ctx, `fetch result ${input.requestKey} ignored: the run is not waiting for it`);
  }
  const id = waiting.node;
  const node = ctx.definition.nodes[id];
  run.waiting = null;
  if (node?.type !== "fetch_data") return endRun(ctx, id, "invalid_node", `node "${id}" is not a fetch_data node`);
  if (input.ok) {
    run.data[node.store_as] = input.data;
    return resume(ctx, id, "next", node.next, `fetch_data: response stored as data.${node.store_as}`);
  }
  if (node.on_error === "end") return endRun(ctx, id, "fetch_failed", `fetch_data failed (${input.error}); on_error: end`);
  // A run that loops back through this node must not send the previous answer as this one's.
  delete run.data[node.store_as];
  resume(ctx, id, "next", node.next, `fetch_data failed (${input.error}); on_error: continue without data.${node.store_as}`);
}
