/**
 * Changing profile attributes: identify's trait merge and the engine's update_attribute effects.
 * Each change that alters a value yields a delta, which becomes an attribute signal (attribute
 * triggers), an `attributes` input (attribute-relative waits) and a segment re-evaluation.
 */
import type { AttributeChange, Attributes } from "../../journey/types.ts";

export interface AttributeDelta {
  attribute: string;
  value: unknown;
  previous: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies an update_attribute change to `traits` (mutated). Date increments arrive from the engine
 * as `set`; a numeric increment on a missing attribute starts from 0, and on a non-number is
 * refused (null), as the engine already traced.
 */
export function applyAttributeChange(traits: Attributes, attribute: string, change: AttributeChange): AttributeDelta | null {
  const previous = traits[attribute];
  let value: unknown;
  switch (change.op) {
    case "set":
      value = change.value;
      break;
    case "unset":
      value = undefined;
      break;
    case "increment": {
      const by = typeof change.by === "number" ? change.by : Number(change.by);
      if (!Number.isFinite(by)) return null;
      if (previous !== undefined && previous !== null && typeof previous !== "number") return null;
      value = (previous ?? 0) + by;
      break;
    }
  }
  if (same(previous, value)) return null;
  if (value === undefined) delete traits[attribute];
  else traits[attribute] = value;
  return { attribute, value, previous };
}

/** Merges identify `incoming` traits into `traits` (mutated): one delta per key whose value changed. */
export function mergeTraits(traits: Attributes, incoming: Attributes): AttributeDelta[] {
  const deltas: AttributeDelta[] = [];
  for (const [attribute, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    const delta = applyAttributeChange(traits, attribute, { op: "set", value });
    if (delta) deltas.push(delta);
  }
  return deltas;
}
