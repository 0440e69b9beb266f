/**
 * An index of a catalog's segments by what can change their verdicts (see segment-inputs.ts), so
 * an event or attribute change re-evaluates only the segments it can affect: an event named X
 * only those with a rule on X whose filter matches it (or reads the clock), a change of the
 * attribute `plan` only those reading `plan`. Built once per catalog snapshot. Pure.
 */
import type { Filter } from "../schema/filter.ts";
import type { Segment } from "../schema/segment.ts";
import { segmentInputs } from "./segment-inputs.ts";

/** One distinct event rule (name and filter) and the segments that have it. */
export interface RuleGroup {
  event: string;
  where: Filter | undefined;
  /** The filter compares against the clock: its matches can change without a new event. */
  clock: boolean;
  segments: Segment[];
}

export interface SegmentIndex {
  readonly segments: readonly Segment[];
  /** Each segment id's position in the catalog: segments are evaluated in catalog order. */
  readonly position: ReadonlyMap<string, number>;
  /** The distinct event names the rules count. */
  readonly names: readonly string[];
  /** The distinct rules by event name. */
  readonly rules: ReadonlyMap<string, readonly RuleGroup[]>;
  /** Segments with `inactive_for`. */
  readonly activity: readonly Segment[];
  /** Segments by the top-level attribute keys they read. */
  readonly byAttribute: ReadonlyMap<string, readonly Segment[]>;
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
};

/**
 * @example buildSegmentIndex(catalog.segments).rules.get("Order Completed") // the rules on it, with their segments
 */
export function buildSegmentIndex(segments: readonly Segment[]): SegmentIndex {
  const position = new Map<string, number>();
  const groups = new Map<string, RuleGroup>();
  const rules = new Map<string, RuleGroup[]>();
  const activity: Segment[] = [];
  const byAttribute = new Map<string, Segment[]>();
  segments.forEach((segment, i) => {
    position.set(segment.id, i);
    const inputs = segmentInputs(segment);
    for (const key of inputs.attributeKeys) push(byAttribute, key, segment);
    if (inputs.activity) activity.push(segment);
    for (const rule of inputs.rules) {
      const key = `${rule.event}\n${rule.where === undefined ? "" : JSON.stringify(rule.where)}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { event: rule.event, where: rule.where, clock: rule.clock, segments: [] };
        groups.set(key, group);
        push(rules, rule.event, group);
      }
      if (group.segments[group.segments.length - 1] !== segment) group.segments.push(segment);
    }
  });
  return { segments, position, names: [...rules.keys()], rules, activity, byAttribute };
}
