/**
 * What a segment's verdict reads besides the clock and the user's time zone, so that a caller
 * re-evaluating many segments can tell which of them an input can affect:
 * - the attributes its filters read (segment `where` and attribute leaves of rule filters),
 *   as top-level keys: the path "address.city" reads the flat key "address.city" or "address";
 * - for each event rule, the event name and filter, and whether the filter compares against the
 *   clock (`is_today`, `before`/`after`), so that its matches can change with time alone;
 * - the last activity, with `inactive_for`.
 * Pure.
 */
import type { Filter } from "../schema/filter.ts";
import type { Segment } from "../schema/segment.ts";
import type { Attributes } from "../types.ts";
import { filterLeaves } from "./filter-leaves.ts";

export interface RuleInput {
  event: string;
  where: Filter | undefined;
  /** The filter has a clock-relative leaf: which events match can change without a new event. */
  clock: boolean;
}

export interface SegmentInputs {
  /** Top-level attribute keys whose values the verdict reads. */
  attributeKeys: string[];
  rules: RuleInput[];
  /** The verdict reads the last activity (`inactive_for`). */
  activity: boolean;
}

const CLOCK_OPS: ReadonlySet<string> = new Set(["is_today", "before", "after"]);

/** The top-level keys an attribute path can read (readPath: the exact key first, else dotted). */
export function attributeKeysOf(path: string): string[] {
  const head = path.split(".")[0] ?? path;
  return head === path ? [path] : [path, head];
}

/**
 * @example segmentInputs({ id: "s", name: "s", where: { attribute: "address.city", op: "eq", value: "Pune" }, events: [{ event: "Order Completed" }] })
 * // { attributeKeys: ["address.city", "address"], rules: [{ event: "Order Completed", where: undefined, clock: false }], activity: false }
 */
export function segmentInputs(segment: Segment): SegmentInputs {
  const keys = new Set<string>();
  const read = (filter: Filter | undefined): boolean => {
    let clock = false;
    for (const leaf of filter === undefined ? [] : filterLeaves(filter)) {
      if ("attribute" in leaf) for (const key of attributeKeysOf(leaf.attribute)) keys.add(key);
      if (CLOCK_OPS.has(leaf.op)) clock = true;
    }
    return clock;
  };
  read(segment.where);
  const rules = (segment.events ?? []).map((rule) => ({ event: rule.event, where: rule.where, clock: read(rule.where) }));
  return { attributeKeys: [...keys], rules, activity: segment.inactive_for !== undefined };
}

/**
 * The top-level keys whose values differ between two attribute sets (added, removed or changed;
 * compared as JSON, so a reordered object counts as changed, which only costs a re-evaluation).
 */
export function changedAttributeKeys(before: Readonly<Attributes>, after: Readonly<Attributes>): string[] {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = Object.hasOwn(before, key) ? JSON.stringify(before[key]) : undefined;
    const is = Object.hasOwn(after, key) ? JSON.stringify(after[key]) : undefined;
    if (was !== is) changed.push(key);
  }
  return changed;
}
