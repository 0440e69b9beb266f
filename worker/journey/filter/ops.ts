/**
 * What each filter op means. `actual` is the attribute/property value read from the user or the
 * event (undefined when missing), `value` the filter's compared value. Pure; never throws.
 *
 * | op            | true when                                                                                   | actual missing |
 * |---------------|---------------------------------------------------------------------------------------------|----------------|
 * | eq            | equal: same-type ===; number vs numeric string as numbers; boolean vs "true"/"false"        | false          |
 * | neq           | both comparable (string, finite number, boolean) and not eq                                 | true           |
 * | gt gte lt lte | both numbers (numeric strings ok) and ordered; else both dates (parseDateValue) and ordered | false          |
 * | exists        | actual is not undefined/null ("" exists)                                                    | false          |
 * | not_exists    | actual is undefined or null                                                                 | true           |
 * | contains      | string actual includes the value as a substring (case-sensitive), or array actual has an item eq the value | false |
 * | in            | value is an array and actual eq one of its items; array actual: any overlap                 | false          |
 * | is_today      | actual is a date whose local month+day is today's ("anniversary", default; Feb 29 matches Feb 28 in non-leap years) or whose local date is today ("date") | false |
 * | before after  | actual date is strictly before/after the value: an ISO date (local midnight), date-time, epoch ms, or a signed duration relative to now ("-30d") | false |
 *
 * "Local" means the user's time zone. Dates are not special for eq/neq. Objects, arrays (except
 * for contains/in), NaN and unparseable dates make every op false, neq included.
 */
import { isLeapYear } from "../time/calendar.ts";
import { parseDateValue, parseIsoDate, resolveRelative } from "../time/dates.ts";
import { localParts } from "../time/zoned.ts";
import type { FilterOp } from "../schema/filter.ts";
import { isComparable, looseEquals, toNumber } from "./compare.ts";

export interface OpContext {
  timeZone: string;
  now: number;
}

/** An op's verdict; `note` says why an odd value made it false. */
export interface OpResult {
  ok: boolean;
  note?: string;
}

const isMissing = (v: unknown): boolean => v === undefined || v === null;
const yes: OpResult = { ok: true };
const no: OpResult = { ok: false };
const odd = (note: string): OpResult => ({ ok: false, note });
const verdict = (ok: boolean): OpResult => (ok ? yes : no);

/** Sign of (actual − value) as numbers, else as dates; null when not comparable. */
function order(actual: unknown, value: unknown, ctx: OpContext): number | null {
  const a = toNumber(actual), b = toNumber(value);
  if (a !== null && b !== null) return Math.sign(a - b);
  const da = parseDateValue(actual, ctx.timeZone), db = parseDateValue(value, ctx.timeZone);
  if (da !== null && db !== null) return Math.sign(da - db);
  return null;
}

function compareOp(actual: unknown, value: unknown, ctx: OpContext, test: (sign: number) => boolean): OpResult {
  if (isMissing(actual)) return no;
  const sign = order(actual, value, ctx);
  return sign === null ? odd("not numbers or dates") : verdict(test(sign));
}

function equality(actual: unknown, value: unknown, negate: boolean): OpResult {
  if (isMissing(actual)) return verdict(negate);
  if (!isComparable(actual) || !isComparable(value)) return odd("not comparable");
  return verdict(looseEquals(actual, value) !== negate);
}

function contains(actual: unknown, value: unknown): OpResult {
  if (isMissing(actual)) return no;
  if (Array.isArray(actual)) return verdict(actual.some((item) => looseEquals(item, value)));
  if (typeof actual !== "string") return odd("not a string or array");
  if (!isComparable(value)) return odd("value not comparable");
  return verdict(actual.includes(String(value)));
}

function inList(actual: unknown, value: unknown): OpResult {
  if (!Array.isArray(value)) return odd("value must be an array");
  if (isMissing(actual)) return no;
  const items: unknown[] = Array.isArray(actual) ? actual : [actual];
  return verdict(items.some((a) => value.some((v) => looseEquals(a, v))));
}

/** The local calendar date of a date value; an ISO date "YYYY-MM-DD" is taken as written. */
function calendarDate(value: unknown, timeZone: string): { year: number; month: number; day: number } | null {
  if (typeof value === "string") {
    const date = parseIsoDate(value.trim());
    if (date) return date;
  }
  const at = parseDateValue(value, timeZone);
  return at === null ? null : localParts(at, timeZone);
}

function isToday(actual: unknown, value: unknown, ctx: OpContext): OpResult {
  const mode = value ?? "anniversary";
  if (mode !== "anniversary" && mode !== "date") return odd('value must be "anniversary" or "date"');
  if (isMissing(actual)) return no;
  const date = calendarDate(actual, ctx.timeZone);
  if (!date) return odd("not a date");
  const today = localParts(ctx.now, ctx.timeZone);
  if (mode === "date") return verdict(date.year === today.year && date.month === today.month && date.day === today.day);
  if (date.month === today.month && date.day === today.day) return yes;
  // Leap-day anniversaries are celebrated on Feb 28 in common years.
  return verdict(date.month === 2 && date.day === 29 && today.month === 2 && today.day === 28 && !isLeapYear(today.year));
}

function beforeAfter(actual: unknown, value: unknown, ctx: OpContext, after: boolean): OpResult {
  if (isMissing(actual)) return no;
  const a = parseDateValue(actual, ctx.timeZone);
  if (a === null) return odd("not a date");
  const b = resolveRelative(value, ctx.now, ctx.timeZone);
  if (b === null) return odd("value not a date or duration");
  return verdict(after ? a > b : a < b);
}

/**
 * Applies filter op `op` to the `actual` value against `value` (see the table above).
 * @example applyOp("gt", "3", 0, { timeZone: "UTC", now: 0 }) // { ok: true }
 */
export function applyOp(op: FilterOp, actual: unknown, value: unknown, ctx: OpContext): OpResult {
  switch (op) {
    case "eq": return equality(actual, value, false);
    case "neq": return equality(actual, value, true);
    case "gt": return compareOp(actual, value, ctx, (s) => s > 0);
    case "gte": return compareOp(actual, value, ctx, (s) => s >= 0);
    case "lt": return compareOp(actual, value, ctx, (s) => s < 0);
    case "lte": return compareOp(actual, value, ctx, (s) => s <= 0);
    case "exists": return verdict(!isMissing(actual));
    case "not_exists": return verdict(isMissing(actual));
    case "contains": return contains(actual, value);
    case "in": return inList(actual, value);
    case "is_today": return isToday(actual, value, ctx);
    case "before": return beforeAfter(actual, value, ctx, false);
    case "after": return beforeAfter(actual, value, ctx, true);
    default: return odd(`unknown op ${String(op)}`);
  }
}
