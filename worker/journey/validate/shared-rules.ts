/**
 * Small checks that several definition parts share: a duration that parses but is zero where
 * zero makes no sense (or too large to count exactly), and an event name that is only blanks.
 */
import { OFFSET_PATTERN } from "../schema/duration.ts";
import { parseDuration } from "../time/duration.ts";
import { field, joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";

/**
 * Problems with the duration text at `owner[key]`, beyond its format (the schema checks that):
 * `invalid_duration` when its number is too large for the engine to count exactly, and
 * `zero_duration` when it is zero and `zeroWhy` says why zero is wrong here ("… is zero: <zeroWhy>").
 */
export function durationProblems(owner: unknown, key: string, path: readonly (string | number)[], zeroWhy?: string): Problem[] {
  const value = field(owner, key);
  if (typeof value !== "string" || !OFFSET_PATTERN.test(value)) return [];
  const at = joinPath([...path, key]);
  const parsed = parseDuration(value);
  if (parsed === null) {
    return [{ path: at, code: "invalid_duration", message: `"${key}" is "${value.slice(0, 40)}", a number too large to count exactly; use a larger unit` }];
  }
  if (parsed.amount !== 0 || zeroWhy === undefined) return [];
  return [{ path: at, code: "zero_duration", message: `"${key}" is "${value}", zero: ${zeroWhy}` }];
}

/** An `empty_event_name` problem when `owner[key]` is text with nothing but blanks (or nothing). */
export function blankEventName(owner: unknown, key: string, path: readonly (string | number)[]): Problem[] {
  const value = field(owner, key);
  if (typeof value !== "string" || value.trim() !== "") return [];
  return [{ path: joinPath([...path, key]), code: "empty_event_name", message: `"${key}" must name an event, e.g. "Order Completed"; it is empty` }];
}
