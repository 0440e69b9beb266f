/**
 * A listener's `key` ("same" / "any") only means something in a journey with `entry.key`: without
 * one, every run has the empty key and hears every event. Written anyway, it most likely means
 * `entry.key` was forgotten, so it is reported rather than ignored.
 */
import { field, has, joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";
import { readGraph } from "./raw-graph.ts";

/** `key_without_entry_key` for each goal, exit event and wait_for_event node with `key`, when the journey has no `entry.key`. */
export function keyScopeProblems(journey: unknown): Problem[] {
  if (has(field(journey, "entry"), "key")) return [];
  const owners: (string | number)[][] = [];
  if (has(field(journey, "goal"), "key")) owners.push(["goal"]);
  const exits = field(field(journey, "exit"), "events");
  const matchers: unknown[] = Array.isArray(exits) ? exits : [];
  matchers.forEach((matcher, index) => {
    if (has(matcher, "key")) owners.push(["exit", "events", index]);
  });
  for (const node of readGraph(journey)?.nodes.values() ?? []) {
    if (node.type === "wait_for_event" && has(node.value, "key")) owners.push(["nodes", node.id]);
  }
  return owners.map((path) => ({
    path: joinPath([...path, "key"]),
    code: "key_without_entry_key",
    message: '"key" says which key values of a keyed journey this hears, but the journey has no "entry.key"; set "entry.key" (e.g. "course_id") or remove "key"',
  }));
}
