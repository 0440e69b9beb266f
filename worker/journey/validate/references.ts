/**
 * Checks names that point into the workspace catalog: templates of send/survey nodes (they must
 * exist and be made for the node's channel), segments of in_segment nodes and segment triggers,
 * and geofences of geofence triggers. Each family runs only when the caller gives its lookup.
 */
import { field, joinPath, stringField } from "./path.ts";
import type { Catalog, Problem } from "./problem.ts";
import { rawTriggers } from "./journey-rules.ts";
import { readGraph } from "./raw-graph.ts";

/** Every catalog reference problem of an unvalidated journey; none without a catalog. */
export function referenceProblems(journey: unknown, catalog: Catalog | undefined): Problem[] {
  if (catalog === undefined) return [];
  const problems: Problem[] = [];
  for (const node of readGraph(journey)?.nodes.values() ?? []) {
    const at = ["nodes", node.id];
    if (node.type === "send" || node.type === "survey") problems.push(...templateProblems(node.value, at, catalog));
    if (node.type === "in_segment") problems.push(...lookup(catalog, "segment", stringField(node.value, "segment"), [...at, "segment"]));
  }
  for (const { value, path } of rawTriggers(journey)) {
    const type = field(value, "type");
    if (type === "segment") problems.push(...lookup(catalog, "segment", stringField(value, "segment"), [...path, "segment"]));
    if (type === "geofence") problems.push(...lookup(catalog, "geofence", stringField(value, "geofence"), [...path, "geofence"]));
  }
  return problems;
}

function templateProblems(node: unknown, at: (string | number)[], catalog: Catalog): Problem[] {
  const id = stringField(node, "template");
  if (catalog.template === undefined || !id) return [];
  const path = joinPath([...at, "template"]);
  const found = ask(() => catalog.template?.(id));
  if (found instanceof Error) return [lookupFailed(path, "template", id, found)];
  // `== null`: a JavaScript caller may answer null for "no such template".
  if (found == null) return [{ path, code: "missing_template", message: `there is no template "${id}"; create it before publishing, or fix the name` }];
  // A survey node shows on in_app/web_overlay but its content is a `survey` template.
  const isSurvey = stringField(node, "type") === "survey";
  const channel = isSurvey ? "survey" : stringField(node, "channel");
  if (channel === undefined || found.channel === channel) return [];
  return [{
    path,
    code: "template_channel_mismatch",
    message: isSurvey
      ? `template "${id}" is a ${found.channel} template, but a survey node needs a survey template`
      : `template "${id}" is a ${found.channel} template, but this node sends on ${channel}`,
  }];
}

function lookup(catalog: Catalog, kind: "segment" | "geofence", id: string | undefined, at: (string | number)[]): Problem[] {
  const check = catalog[kind];
  if (check === undefined || !id) return [];
  const path = joinPath(at);
  const exists = ask(() => check.call(catalog, id));
  if (exists instanceof Error) return [lookupFailed(path, kind, id, exists)];
  if (exists) return [];
  return [{ path, code: `unknown_${kind}`, message: `there is no ${kind} "${id}"; create it before publishing, or fix the name` }];
}

/** Runs a caller-supplied lookup; a throwing lookup becomes a problem, never an exception. */
function ask<T>(call: () => T): T | Error {
  try {
    return call();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function lookupFailed(path: string, kind: string, id: string, error: Error): Problem {
  return { path, code: "lookup_failed", message: `could not check ${kind} "${id}": ${error.message}` };
}
