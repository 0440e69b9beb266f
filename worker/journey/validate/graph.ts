/**
 * Graph checks on the raw journey: `start` names a node, every branch names a node, every node
 * can be reached from `start`, and no loop runs without waiting (see cycles.ts).
 */
import { wakelessCycles } from "./cycles.ts";
import { didYouMean } from "./messages.ts";
import { joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";
import { readGraph, type RawGraph } from "./raw-graph.ts";

/** Every graph problem of an unvalidated journey; nothing when `nodes` is not an object (the schema says so). */
export function graphProblems(journey: unknown): Problem[] {
  const graph = readGraph(journey);
  if (graph === undefined) return [];
  return [
    ...reservedIds(graph),
    ...startProblems(graph),
    ...danglingProblems(graph),
    ...unreachableProblems(graph),
    ...wakelessCycles(graph),
  ];
}

/** JSON.parse keeps a "__proto__" key, but any object copy (zod's included) turns it into a prototype and loses the node. */
function reservedIds(graph: RawGraph): Problem[] {
  if (!graph.nodes.has("__proto__")) return [];
  return [{ path: joinPath(["nodes", "__proto__"]), code: "invalid_node_id", message: '"__proto__" is reserved and cannot be a node id; rename the node' }];
}

function startProblems(graph: RawGraph): Problem[] {
  const { start, nodes } = graph;
  if (!start || nodes.has(start)) return [];
  const hint = didYouMean(start, nodes.keys()) || (nodes.size === 0 ? "; the journey has no nodes" : "");
  return [{ path: "start", code: "unknown_start", message: `"start" names "${start}", but there is no node with that id${hint}` }];
}

function danglingProblems(graph: RawGraph): Problem[] {
  const problems: Problem[] = [];
  for (const node of graph.nodes.values()) {
    for (const edge of node.edges) {
      if (graph.nodes.has(edge.target)) continue;
      problems.push({
        path: joinPath(edge.path),
        code: "dangling",
        message: `goes to "${edge.target}", but there is no node with that id${didYouMean(edge.target, graph.nodes.keys())}`,
      });
    }
  }
  return problems;
}

/** Only when `start` is a node: otherwise every node would be reported and hide the real mistake. */
function unreachableProblems(graph: RawGraph): Problem[] {
  const { start, nodes } = graph;
  if (!start || !nodes.has(start)) return [];
  const reached = new Set([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const edge of nodes.get(queue[head] ?? "")?.edges ?? []) {
      if (reached.has(edge.target) || !nodes.has(edge.target)) continue;
      reached.add(edge.target);
      queue.push(edge.target);
    }
  }
  return [...nodes.keys()]
    .filter((id) => !reached.has(id))
    .map((id) => ({ path: joinPath(["nodes", id]), code: "unreachable", message: `no path from the start node "${start}" leads here, so no user will ever reach this node` }));
}
