/**
 * Small checks that several definition parts share: a duration that parses but is zero where
 * zero makes no sense, and an event name that is only blanks.
 */
import { DURATION_PATTERN } from "../schema/duration.ts";
import { field, joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";

/**
 * A `zero_duration` problem when `owner[key]` is a valid duration of zero ("0s", "0d").
 * `why` finishes the sentence "… is zero: …".
 */
export function zeroDuration(owner: unknown, key: string, path: readonly (string | number)[], why: string): Problem[] {
  const value = field(owner, key);
  if (typeof value !== "string") return [];
  const match = DURATION_PATTERN.exec(value);
  if (match === null || Number(match[1]) !== 0) return [];
  return [{ path: joinPath([...path, key]), code: "zero_duration", message: `"${key}" is "${value}", zero: ${why}` }];
}

/** An `empty_event_name` problem when `owner[key]` is text with nothing but blanks (or nothing). */
export function blankEventName(owner: unknown, key: string, path: readonly (string | number)[]): Problem[] {
  const value = field(owner, key);
  if (typeof value !== "string" || value.trim() !== "") return [];
  return [{ path: joinPath([...path, key]), code: "empty_event_name", message: `"${key}" must name an event, e.g. "Order Completed"; it is empty` }];
}
