/**
 * When a `wait_until` node is due: an absolute ISO date/time, or a date attribute moved by an
 * offset, at the node's local time `at`. Shared by entering the node and by re-targeting it
 * when the attribute changes.
 */
import type { NodeOf } from "../schema/nodes.ts";
import { parseDateValue } from "../time/dates.ts";
import type { Attributes, Millis } from "../types.ts";
import { shiftBy } from "./time-text.ts";

export type WaitUntilTarget = { ok: true; at: Millis; what: string } | { ok: false; why: string };

/** Computes the target instant, or why there is none (missing or unparseable date). */
export function waitUntilTarget(node: NodeOf<"wait_until">, attributes: Attributes, timeZone: string): WaitUntilTarget {
  const at = node.at === undefined ? "" : ` at ${node.at}`;
  if (typeof node.date === "string") {
    const target = parseDateValue(node.date, timeZone, node.at);
    if (target === null) return { ok: false, why: `wait_until: "${node.date}" is not a date` };
    return { ok: true, at: target, what: `wait_until ${node.date}${at}` };
  }
  const { attribute, offset } = node.date;
  const value = attributes[attribute];
  if (value === undefined || value === null || value === "") {
    return { ok: false, why: `wait_until: attribute ${attribute} is not set` };
  }
  const base = parseDateValue(value, timeZone, node.at);
  if (base === null) return { ok: false, why: `wait_until: attribute ${attribute} = ${JSON.stringify(value)} is not a date` };
  const target = offset === undefined ? base : shiftBy(base, offset, timeZone);
  if (target === null) return { ok: false, why: `wait_until: offset "${offset}" is not a duration` };
  return { ok: true, at: target, what: `wait_until ${attribute}${offset === undefined ? "" : ` ${offset}`}${at}` };
}
