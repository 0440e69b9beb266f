/**
 * Walks the graph from a node until the run parks or ends, tracing every node entered and every
 * branch taken, keeping `run.path` bounded and stopping runaway loops.
 */
import { endRun, MAX_PATH, MAX_STEPS_PER_ADVANCE, nextKey, note, type Context } from "./context.ts";
import { executeNode } from "./nodes/execute.ts";

/** Runs from node `start`; `from` is the node whose branch led here (for invalid-node reports). */
export function runFrom(ctx: Context, start: string, from: string | null = null): void {
  let current = start;
  let previous = from;
  for (;;) {
    if (ctx.steps >= MAX_STEPS_PER_ADVANCE) {
      endRun(ctx, current, "loop_guard", `stopped before ${current}: ${MAX_STEPS_PER_ADVANCE} steps in a row without waiting (a loop with no real wait)`);
      return;
    }
    const node = Object.hasOwn(ctx.definition.nodes, current) ? ctx.definition.nodes[current] : undefined;
    if (node === undefined) {
      endRun(ctx, previous, "invalid_node", `node "${current}" does not exist in this journey`);
      return;
    }
    ctx.steps += 1;
    const key = nextKey(ctx);
    enterPath(ctx, current);
    note(ctx, { node: current, kind: "entered", reason: `entered ${node.type} ${current}` });
    const outcome = executeNode(ctx, current, node, key);
    if (outcome.type === "park") return;
    if (outcome.type === "end") {
      endRun(ctx, current, outcome.reason, outcome.why);
      return;
    }
    note(ctx, { node: current, kind: "branch", branch: outcome.branch, reason: `${outcome.reason} → ${outcome.next}` });
    previous = current;
    current = outcome.next;
  }
}

function enterPath(ctx: Context, id: string): void {
  const path = ctx.run.path;
  path.push(id);
  if (path.length > MAX_PATH) path.splice(0, path.length - MAX_PATH);
}
