/**
 * Where filters (`where`) are written in a raw journey or segment, so each can be checked by
 * filter-rules.ts and zod's own filter report dropped.
 */
import { fieldsOfNode } from "./known-shapes.ts";
import { field, has, isRecord } from "./path.ts";
import { rawTriggers } from "./journey-rules.ts";

type Path = (string | number)[];

/** Paths of every `where` written in a journey: triggers, exit events, the goal, and nodes that take one. */
export function journeyFilterPaths(journey: unknown): Path[] {
  const paths: Path[] = rawTriggers(journey)
    .filter(({ value }) => has(value, "where"))
    .map(({ path }) => [...path, "where"]);
  paths.push(...listWheres(field(field(journey, "exit"), "events"), ["exit", "events"]));
  if (has(field(journey, "goal"), "where")) paths.push(["goal", "where"]);
  const nodes = field(journey, "nodes");
  if (!isRecord(nodes)) return paths;
  for (const [id, node] of Object.entries(nodes)) {
    if (!has(node, "where")) continue;
    // A known type without `where` gets "unknown field" from the schema instead.
    const type = field(node, "type");
    const fields = typeof type === "string" ? fieldsOfNode(type) : undefined;
    if (fields === undefined || fields.includes("where")) paths.push(["nodes", id, "where"]);
  }
  return paths;
}

/** Paths of every `where` written in a segment: its own, and each event rule's. */
export function segmentFilterPaths(segment: unknown): Path[] {
  const paths: Path[] = has(segment, "where") ? [["where"]] : [];
  return [...paths, ...listWheres(field(segment, "events"), ["events"])];
}

function listWheres(list: unknown, at: Path): Path[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): Path[] => (has(item, "where") ? [[...at, index, "where"]] : []));
}
