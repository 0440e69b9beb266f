/**
 * What the schema allows, read from the zod schema itself so the validator never drifts from it:
 * node and trigger types, the fields each has, and which fields are branches to other nodes.
 */
import { EntryRules, EventMatcher, ExitRules, Goal, Journey } from "../schema/journey.ts";
import { JourneyNode } from "../schema/nodes.ts";
import { EventRule, Segment } from "../schema/segment.ts";
import { Trigger } from "../schema/triggers.ts";
import { field, stringField } from "./path.ts";

/** Every node `type`, in schema order. */
export const NODE_TYPES: readonly string[] = JourneyNode.options.map((option) => option.shape.type.value);
/** Every trigger `type`, in schema order. */
export const TRIGGER_TYPES: readonly string[] = Trigger.options.map((option) => option.shape.type.value);

/** Node types that park a run until time passes or an event comes: a loop through one is safe. */
export const WAIT_TYPES: ReadonlySet<string> = new Set(["wait", "wait_until", "wait_for_event", "wait_for_time_slot"]);

/** Fields that name the next node (`branches` holds `{ next }` items). */
export const BRANCH_FIELDS = ["next", "yes", "no", "timeout_next", "branches"] as const;
export type BranchField = (typeof BRANCH_FIELDS)[number];

const nodeFields = new Map<string, readonly string[]>(
  JourneyNode.options.map((option) => [option.shape.type.value, Object.keys(option.shape)]),
);
const triggerFields = new Map<string, readonly string[]>(
  Trigger.options.map((option) => [option.shape.type.value, Object.keys(option.shape)]),
);

/** The fields a node of `type` may have, or undefined for an unknown type. */
export function fieldsOfNode(type: string): readonly string[] | undefined {
  return nodeFields.get(type);
}

/** The branch fields a node of `type` has; all of them for an unknown type (read what is there). */
export function branchFieldsOf(type: string | undefined): readonly BranchField[] {
  const fields = type === undefined ? undefined : nodeFields.get(type);
  if (fields === undefined) return BRANCH_FIELDS;
  return BRANCH_FIELDS.filter((name) => fields.includes(name));
}

/** Whether `type` is a node type the schema knows. */
export function isNodeType(type: unknown): type is string {
  return typeof type === "string" && nodeFields.has(type);
}

const fixedFields: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["journey", Object.keys(Journey.shape)],
  ["segment", Object.keys(Segment.shape)],
  ["journey.entry", Object.keys(EntryRules.shape)],
  ["journey.exit", Object.keys(ExitRules.shape)],
  ["journey.goal", Object.keys(Goal.shape)],
  ["journey.exit.events", Object.keys(EventMatcher.shape)],
  ["segment.events", Object.keys(EventRule.shape)],
];
const fixed = new Map(fixedFields);

/**
 * The field names allowed on the object at `parent` (raw path below the root of a `subject`),
 * for "did you mean" hints; empty when this spot has no fixed set of names.
 */
export function allowedFields(subject: "journey" | "segment", parent: readonly PropertyKey[], root: unknown): readonly string[] {
  if (parent.length === 0) return fixed.get(subject) ?? [];
  // A list item is named after its list: "exit.events[2]" allows what every "exit.events" item allows.
  if (parent.length === 1 || typeof parent[parent.length - 1] === "number") {
    const named = fixed.get([subject, ...parent.filter((key) => typeof key === "string")].join("."));
    if (named !== undefined) return named;
  }
  if (subject !== "journey") return [];
  const [first, second] = parent;
  if (parent.length === 1 && typeof first === "string") return triggerAt(root, [first]);
  if (parent.length === 2 && first === "nodes" && typeof second === "string") {
    return fieldsOfNode(stringField(field(field(root, "nodes"), second), "type") ?? "") ?? [];
  }
  if (parent.length === 2 && first === "triggers" && typeof second === "number") return triggerAt(root, ["triggers", second]);
  return [];
}

function triggerAt(root: unknown, path: readonly (string | number)[]): readonly string[] {
  if (path[0] !== "trigger" && path[0] !== "triggers") return [];
  let value: unknown = root;
  for (const key of path) value = field(value, key);
  return triggerFields.get(stringField(value, "type") ?? "") ?? [];
}
