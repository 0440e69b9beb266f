/**
 * What is left to do within one input's transaction. Handling one piece of work may add more (an
 * update_attribute node changes the profile, which may start another journey or change a segment),
 * so work is a queue, drained with a guard against feedback loops.
 */
import type { Signal } from "../../journey/engine/index.ts";
import type { Attributes } from "../../journey/types.ts";
import type { AttributeDelta } from "./attribute-changes.ts";
import type { Turn } from "./turn.ts";

export type Work =
  /** A signal for triggers; user events also reach the live runs first. */
  | { type: "signal"; signal: Signal }
  /** Attributes changed: attribute-relative waits of active runs re-target. */
  | { type: "attributes"; changed: string[] }
  /** Re-evaluate segment membership (fires segment signals on change). */
  | { type: "segments" };

/** The follow-up work for attribute changes made in `turn`, in the order they must run. */
export function attributeWork(turn: Turn, deltas: readonly AttributeDelta[]): Work[] {
  if (deltas.length === 0) return [];
  const attributes: Attributes = { ...turn.profile.traits };
  return [
    { type: "segments" },
    { type: "attributes", changed: deltas.map((d) => d.attribute) },
    ...deltas.map((d): Work => ({
      type: "signal",
      signal: { type: "attribute", attribute: d.attribute, value: d.value, previous: d.previous, at: turn.now, attributes },
    })),
  ];
}
