/**
 * What an `update_attribute` node does to one attribute: the change the shell applies (the
 * effect) and the new value the rest of this `advance()` sees. Date increments are computed here
 * ("+30d" on "2024-05-10" → "2024-06-09") and sent as a `set`, so shell and engine agree exactly.
 */
import type { NodeOf } from "../schema/nodes.ts";
import { toNumber } from "../filter/compare.ts";
import { parseDateValue } from "../time/dates.ts";
import { localParts } from "../time/zoned.ts";
import type { AttributeChange, Millis } from "../types.ts";
import { shiftBy } from "./time-text.ts";

export type PlannedChange =
  | { ok: true; change: AttributeChange; /** the value after the change; undefined = removed */ value: unknown; describe: string }
  | { ok: false; why: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const OFFSET_SUFFIX = /([+-])(\d{2}):?(\d{2})$/;
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Plans the node's change against the attribute's current value (pure). */
export function planAttributeChange(node: NodeOf<"update_attribute">, current: unknown, timeZone: string): PlannedChange {
  const name = node.attribute;
  if (node.unset === true) return { ok: true, change: { op: "unset" }, value: undefined, describe: `unset ${name}` };
  if (node.increment !== undefined) {
    if (typeof node.increment === "number") return incrementNumber(name, current, node.increment);
    return incrementDate(name, current, node.increment, timeZone);
  }
  if (node.set !== undefined) {
    return { ok: true, change: { op: "set", value: node.set }, value: node.set, describe: `set ${name} = ${JSON.stringify(node.set)}` };
  }
  return { ok: false, why: "none of set, increment or unset is given" };
}

function incrementNumber(name: string, current: unknown, by: number): PlannedChange {
  const sign = by < 0 ? "-" : "+";
  if (current === undefined || current === null || typeof current === "number") {
    const before = current ?? 0;
    const value = before + by;
    return { ok: true, change: { op: "increment", by }, value, describe: `${name} ${sign}${Math.abs(by)}: ${before} → ${value}` };
  }
  // A numeric string (e.g. from a CSV import) compares as a number in filters, so it must also
  // increment as one; the result is sent as a `set` so the shell stores exactly this number.
  const before = typeof current === "string" ? toNumber(current) : null;
  if (before === null) return { ok: false, why: `${name} = ${JSON.stringify(current)} is not a number` };
  const value = before + by;
  return { ok: true, change: { op: "set", value }, value, describe: `${name} ${sign}${Math.abs(by)}: ${JSON.stringify(current)} → ${value}` };
}

function incrementDate(name: string, current: unknown, by: string, timeZone: string): PlannedChange {
  if (current === undefined || current === null || current === "") return { ok: false, why: `${name} is not set` };
  const base = parseDateValue(current, timeZone);
  if (base === null) return { ok: false, why: `${name} = ${JSON.stringify(current)} is not a date` };
  const moved = shiftBy(base, by, timeZone);
  if (moved === null) return { ok: false, why: `"${by}" is not a duration` };
  const value = typeof current === "string" ? formatLike(current, moved, timeZone) : moved;
  return { ok: true, change: { op: "set", value }, value, describe: `${name} ${by}: ${String(current)} → ${String(value)}` };
}

/** Writes `at` in the same shape as `before`: date-only stays date-only, an offset is kept. */
export function formatLike(before: string, at: Millis, timeZone: string): string {
  if (DATE_ONLY.test(before)) {
    const p = localParts(at, timeZone);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  }
  const keepMillis = /\.\d+/.test(before);
  const offset = before.endsWith("Z") ? null : OFFSET_SUFFIX.exec(before);
  if (offset === null && !before.endsWith("Z")) {
    // A local date-time without zone was read in the user's zone; write it back the same way.
    const p = localParts(at, timeZone);
    return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
  }
  const offsetMinutes = offset === null ? 0 : (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  const iso = new Date(at + offsetMinutes * 60_000).toISOString();
  const body = keepMillis ? iso.slice(0, 23) : iso.slice(0, 19);
  return offset === null ? `${body}Z` : `${body}${offset[1]}${offset[2]}:${offset[3]}`;
}

/** Applies a planned change to a working copy of the attributes. */
export function applyPlanned(attributes: Record<string, unknown>, name: string, value: unknown): void {
  if (value === undefined) delete attributes[name];
  else attributes[name] = value;
}
