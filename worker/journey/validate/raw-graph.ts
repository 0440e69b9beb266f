/**
 * Reads the node graph out of an unvalidated journey, as far as it can be read: every node id,
 * its type when the schema knows it, and every branch that names another node by text.
 * Nodes that failed the schema still contribute the branches they have.
 */
import { branchFieldsOf, isNodeType } from "./known-shapes.ts";
import { field, isRecord, stringField } from "./path.ts";

/** A branch naming another node (empty names are left to the schema's "must not be empty"). */
export interface Edge {
  /** Where the branch is written, e.g. `["nodes", "a", "branches", 1, "next"]`. */
  path: (string | number)[];
  target: string;
}

export interface RawNode {
  id: string;
  /** The node's type when the schema knows it; undefined for a missing or unknown type. */
  type: string | undefined;
  value: Record<string, unknown>;
  edges: Edge[];
}

export interface RawGraph {
  /** Nodes in the order they are written. Non-object nodes are present with no edges. */
  nodes: Map<string, RawNode>;
  /** `start` when it is text. */
  start: string | undefined;
}

/** The graph of `journey`, or undefined when `nodes` is not an object at all. */
export function readGraph(journey: unknown): RawGraph | undefined {
  const nodes = field(journey, "nodes");
  if (!isRecord(nodes)) return undefined;
  const graph: RawGraph = { nodes: new Map(), start: stringField(journey, "start") };
  for (const [id, value] of Object.entries(nodes)) {
    const record = isRecord(value) ? value : {};
    const type = field(record, "type");
    const known = isNodeType(type) ? type : undefined;
    graph.nodes.set(id, { id, type: known, value: record, edges: edgesOf(id, record, known) });
  }
  return graph;
}

function edgesOf(id: string, node: Record<string, unknown>, type: string | undefined): Edge[] {
  const edges: Edge[] = [];
  for (const name of branchFieldsOf(type)) {
    if (name !== "branches") {
      const target = stringField(node, name);
      if (target) edges.push({ path: ["nodes", id, name], target });
      continue;
    }
    const branches = field(node, "branches");
    if (!Array.isArray(branches)) continue;
    branches.forEach((branch: unknown, index) => {
      const target = stringField(branch, "next");
      if (target) edges.push({ path: ["nodes", id, "branches", index, "next"], target });
    });
  }
  return edges;
}
