/**
 * Duration strings ("90s", "7d", "3mo", "-10d") and adding them to instants. `s m h` are elapsed
 * time; `d w mo y` are calendar units applied in the user's time zone. Used by waits, timeouts,
 * windows, relative dates and attribute offsets. Pure.
 */
import { OFFSET_PATTERN } from "../schema/duration.ts";
import { DAY_MS, HOUR_MS, MAX_TIME, MINUTE_MS, SECOND_MS, daysInMonth, floorMod } from "./calendar.ts";
import { fromLocal, localParts, safeTimeZone } from "./zoned.ts";

export type DurationUnit = "s" | "m" | "h" | "d" | "w" | "mo" | "y";

export interface ParsedDuration {
  sign: 1 | -1;
  amount: number;
  unit: DurationUnit;
}

const UNIT_MS: Record<DurationUnit, number> = {
  s: SECOND_MS,
  m: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
  w: 7 * DAY_MS,
  mo: 30 * DAY_MS,
  y: 365 * DAY_MS,
};

function isUnit(text: string): text is DurationUnit {
  return Object.hasOwn(UNIT_MS, text);
}

/**
 * Parses a duration: a whole number and a unit (`s m h d w mo y`), with an optional sign for
 * offsets ("-10d" = ten days before, "+2h"). Null for anything else (including numbers too large
 * to be exact).
 * @example parseDuration("-10d") // { sign: -1, amount: 10, unit: "d" }
 */
export function parseDuration(text: string): ParsedDuration | null {
  if (typeof text !== "string") return null;
  const m = OFFSET_PATTERN.exec(text);
  if (!m) return null;
  const [, sign = "", digits = "", unit = ""] = m;
  const amount = Number(digits);
  if (!Number.isSafeInteger(amount) || !isUnit(unit)) return null;
  return { sign: sign === "-" ? -1 : 1, amount, unit };
}

function parseOrThrow(duration: string | ParsedDuration): ParsedDuration {
  if (typeof duration !== "string") return duration;
  const parsed = parseDuration(duration);
  if (!parsed) throw new RangeError(`invalid duration ${JSON.stringify(duration)}: expected e.g. "90s", "2h", "7d", "3mo" or "-10d"`);
  return parsed;
}

function clampTime(t: number, sign: 1 | -1): number {
  if (Number.isNaN(t) || Math.abs(t) > MAX_TIME) return sign * MAX_TIME;
  return t;
}

/**
 * `at` plus `duration`. `s m h` add elapsed time. `d w mo y` move the calendar in `timeZone`
 * (invalid zone → UTC) and keep the local wall-clock time: a 1d wait across a DST change lands at
 * the same local time; 1mo from Jan 31 is the last day of February; 1y from Feb 29 is Feb 28.
 * A local time skipped by DST moves forward to the first valid instant; one that occurs twice
 * takes the earlier. Results beyond the Date range clamp to ±8.64e15 ("never"); an `at` that is
 * not a valid instant is returned unchanged.
 * Throws a RangeError only for an invalid duration string.
 * @example addDuration(Date.parse("2024-03-09T12:00:00-05:00"), "1d", "America/New_York") // 2024-03-10T12:00-04:00
 */
export function addDuration(at: number, duration: string | ParsedDuration, timeZone: string): number {
  const { sign, amount, unit } = parseOrThrow(duration);
  if (amount === 0 || !Number.isFinite(at) || Math.abs(at) > MAX_TIME) return at;
  if (unit === "s" || unit === "m" || unit === "h") return clampTime(at + sign * amount * UNIT_MS[unit], sign);
  const tz = safeTimeZone(timeZone);
  const p = localParts(at, tz);
  const time = { hour: p.hour, minute: p.minute, second: p.second };
  let target: number;
  if (unit === "d" || unit === "w") {
    const days = sign * amount * (unit === "w" ? 7 : 1);
    if (Math.abs(days) > MAX_TIME / DAY_MS) return sign * MAX_TIME;
    target = fromLocal({ year: p.year, month: p.month, day: p.day + days, ...time }, tz);
  } else {
    const months = p.year * 12 + (p.month - 1) + sign * amount * (unit === "y" ? 12 : 1);
    if (Math.abs(months) > (MAX_TIME / DAY_MS / 28)) return sign * MAX_TIME;
    const year = Math.floor(months / 12);
    const month = floorMod(months, 12) + 1;
    target = fromLocal({ year, month, day: Math.min(p.day, daysInMonth(year, month)), ...time }, tz);
  }
  return clampTime(target + floorMod(at, 1000), sign);
}

/**
 * The approximate fixed length of a duration in ms (mo = 30 days, y = 365 days; signed), for
 * timeouts and windows where calendar precision does not matter. Throws a RangeError for an
 * invalid duration string.
 * @example durationMs("2h") // 7_200_000
 */
export function durationMs(duration: string | ParsedDuration): number {
  const { sign, amount, unit } = parseOrThrow(duration);
  const ms = amount * UNIT_MS[unit];
  return sign * Math.min(ms, MAX_TIME * 2);
}
