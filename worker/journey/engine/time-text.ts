/**
 * The engine's two uses of the time helpers: move an instant by a duration written in a journey
 * ("2h", "-10d"), and print an instant in the user's zone for trace lines.
 */
import { addDuration, durationMs, parseDuration } from "../time/duration.ts";
import { localParts } from "../time/zoned.ts";
import type { Millis } from "../types.ts";

/** `at` moved by the (optionally signed) duration `text` in `timeZone`; null if `text` is not a duration. */
export function shiftBy(at: Millis, text: string, timeZone: string): Millis | null {
  const duration = parseDuration(text);
  return duration === null ? null : addDuration(at, duration, timeZone);
}

/** Elapsed milliseconds of a duration text, or `fallback` when absent or invalid. */
export function durationOr(text: string | undefined, fallback: number): number {
  const duration = text === undefined ? null : parseDuration(text);
  return duration === null ? fallback : durationMs(duration);
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** "2024-03-10 09:00 America/New_York": how a marketer reads a wait target. */
export function formatAt(at: Millis, timeZone: string): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)} ${timeZone}`;
}
