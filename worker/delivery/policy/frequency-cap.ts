/**
 * Frequency caps ("3 per 1d"): parsing, and whether one more send fits at a given instant.
 * A send counts against a cap until the cap's window has passed since it (calendar units in
 * the user's time zone, as everywhere else). Used by `decideDelivery`. Pure.
 */
import { addDuration, parseDuration, type ParsedDuration } from "../../journey/time/duration.ts";

/** A parsed cap: at most `limit` sends per `window`. */
export interface FrequencyCap {
  /** The cap as written, for reasons ("3 per 1d"). */
  text: string;
  limit: number;
  window: ParsedDuration;
}

const CAP_PATTERN = /^\s*(\d+)\s+per\s+(\d+(?:s|m|h|d|w|mo|y))\s*$/i;

/**
 * Parses "N per <duration>" (N ≥ 1; durations as in journeys: 90s 30m 2h 1d 2w 1mo 1y).
 * Null for anything else.
 * @example parseCap("3 per 1d") // { text: "3 per 1d", limit: 3, window: { sign: 1, amount: 1, unit: "d" } }
 */
export function parseCap(text: string): FrequencyCap | null {
  if (typeof text !== "string") return null;
  const m = CAP_PATTERN.exec(text);
  if (!m) return null;
  const limit = Number(m[1]);
  const window = parseDuration((m[2] ?? "").toLowerCase());
  if (!Number.isSafeInteger(limit) || limit < 1 || window === null || window.amount < 1) return null;
  return { text: `${limit} per ${m[2]?.toLowerCase()}`, limit, window };
}

/** Whether a cap allows a send at an instant. */
export type CapCheck =
  | { ok: true }
  /** `count` sends still count at `at` (all since `since`); the cap frees up at `freeAt`. */
  | { ok: false; count: number; since: number; freeAt: number };

/**
 * Whether one more send at `at` stays within `cap`, given earlier send instants `sentAt` (any
 * order; sends after `at` are ignored). A send at `t` counts while `at < t + window`.
 * @example checkCap(parseCap("1 per 1h")!, [0], 1_800_000, "UTC") // { ok: false, count: 1, since: -1_800_000, freeAt: 3_600_000 }
 */
export function checkCap(cap: FrequencyCap, sentAt: readonly number[], at: number, timeZone: string): CapCheck {
  const expiries: number[] = [];
  for (const t of sentAt) {
    if (!Number.isFinite(t) || t > at) continue;
    const expires = addDuration(t, cap.window, timeZone);
    if (expires > at) expiries.push(expires);
  }
  if (expiries.length < cap.limit) return { ok: true };
  expiries.sort((a, b) => a - b);
  // Once the oldest (count − limit + 1) sends have aged out, fewer than `limit` remain.
  const freeAt = expiries[expiries.length - cap.limit] ?? at;
  const since = addDuration(at, { ...cap.window, sign: -1 }, timeZone);
  return { ok: false, count: expiries.length, since, freeAt };
}
