/**
 * Per-node rules the schema alone cannot state: a time-slot window when the mode needs one,
 * exactly one update action, a real split, waits and windows that are not zero long, and event
 * names that name something. Runs on the raw nodes, so nodes that failed the schema elsewhere
 * are still checked.
 */
import { field, has, joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";
import { readGraph, type RawNode } from "./raw-graph.ts";
import { blankEventName, durationProblems } from "./shared-rules.ts";

const UPDATE_ACTIONS = ["set", "increment", "unset"] as const;

/** Every node-rule problem of an unvalidated journey. */
export function nodeRuleProblems(journey: unknown): Problem[] {
  const graph = readGraph(journey);
  if (graph === undefined) return [];
  return [...graph.nodes.values()].flatMap(nodeProblems);
}

function nodeProblems(node: RawNode): Problem[] {
  const at = ["nodes", node.id];
  const { value } = node;
  switch (node.type) {
    case "wait":
      return durationProblems(value, "duration", at, "the wait does nothing; remove it or give it a length");
    case "wait_for_event":
      return [
        ...blankEventName(value, "event", at),
        ...durationProblems(value, "timeout", at, "the user gets no time at all to do the event"),
      ];
    case "wait_until":
      return durationProblems(field(value, "date"), "offset", [...at, "date"]);
    case "wait_for_time_slot":
      return [...windowRequired(node), ...durationProblems(value, "max_wait", at, "the run would never wait for the slot")];
    case "has_done_event":
      return [
        ...blankEventName(value, "event", at),
        ...durationProblems(value, "within", at, "no event can fall in a zero-length window; leave \"within\" out to count all history"),
      ];
    case "fetch_data":
      return durationProblems(value, "timeout", at, "every request would time out");
    case "update_attribute":
      return [...updateActions(node), ...durationProblems(value, "increment", at)];
    case "split":
      return splitBranches(node);
    default:
      return [];
  }
}

function windowRequired(node: RawNode): Problem[] {
  if (field(node.value, "mode") !== "window" || has(node.value, "window")) return [];
  return [{
    path: joinPath(["nodes", node.id, "window"]),
    code: "window_required",
    message: 'mode "window" needs a "window", e.g. { "days": ["mon", "tue"], "from": "09:00", "to": "18:00" }',
  }];
}

function updateActions(node: RawNode): Problem[] {
  const used = UPDATE_ACTIONS.filter((action) => has(node.value, action));
  if (used.length === 1) return [];
  const message = used.length === 0
    ? 'an update_attribute node needs one of "set" (a value), "increment" (a number) or "unset": true'
    : `an update_attribute node does exactly one thing, but this one has ${used.map((a) => `"${a}"`).join(" and ")}; keep one`;
  return [{ path: joinPath(["nodes", node.id]), code: "update_needs_one_action", message }];
}

function splitBranches(node: RawNode): Problem[] {
  const branches = field(node.value, "branches");
  if (!Array.isArray(branches)) return [];
  const problems: Problem[] = [];
  if (branches.length < 2) {
    problems.push({
      path: joinPath(["nodes", node.id, "branches"]),
      code: "split_needs_branches",
      message: `a split needs at least 2 branches to choose between; it has ${branches.length}`,
    });
  }
  branches.forEach((branch: unknown, index) => {
    const weight = field(branch, "weight");
    if (typeof weight !== "number" || weight > 0) return;
    problems.push({
      path: joinPath(["nodes", node.id, "branches", index, "weight"]),
      code: "split_weight",
      message: `a branch weight must be greater than 0 (it is the branch's share of users); it is ${weight}`,
    });
  });
  return problems;
}
