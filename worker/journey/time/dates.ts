/**
 * Reading dates from profile attributes, event properties and node fields: ISO dates, ISO
 * date-times and epoch milliseconds, interpreted in the user's time zone. Used by `wait_until`
 * and the date filter ops. Pure.
 */
import { MAX_TIME, daysInMonth, parseClock, wallMs } from "./calendar.ts";
import { addDuration, parseDuration } from "./duration.ts";
import { fromLocal, safeTimeZone } from "./zoned.ts";

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface IsoDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of an ISO date "YYYY-MM-DD" (a real date: no Feb 30); null otherwise. */
export function parseIsoDate(text: string): IsoDate | null {
  const m = DATE_ONLY.exec(text);
  if (!m) return null;
  return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function validDate(year: number, month: number, day: number): IsoDate | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Offset "Z", "+05:30", "+0530" or "+05" in ms; null if out of range. */
function parseOffset(text: string): number | null {
  if (text === "Z" || text === "z") return 0;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes) * 60_000;
}

function parseIsoDateTime(text: string, timeZone: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const hour = Number(m[4]), minute = Number(m[5]), second = Number(m[6] ?? 0);
  if (!date || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000);
  const time = { ...date, hour, minute, second };
  if (m[8] === undefined) return fromLocal(time, timeZone) + ms;
  const offset = parseOffset(m[8]);
  if (offset === null) return null;
  return wallMs(time.year, time.month, time.day, hour, minute, second) - offset + ms;
}

function inRange(t: number): number | null {
  return Number.isFinite(t) && Math.abs(t) <= MAX_TIME ? t : null;
}

/**
 * The instant a date value denotes, or null. Never throws.
 * - ISO date "YYYY-MM-DD" → that day at `localTime` ("HH:MM", default and fallback "00:00") in `timeZone`
 * - ISO date-time with "Z" or an offset → that instant
 * - ISO date-time without an offset → that local time in `timeZone`
 * - a finite number → epoch milliseconds; a valid Date → its instant
 * - anything else (other strings, impossible dates like "2023-02-29") → null
 * An invalid `timeZone` reads as UTC.
 * @example parseDateValue("2024-07-01", "Europe/Paris", "09:00") // 2024-07-01T07:00:00Z
 */
export function parseDateValue(value: unknown, timeZone: string, localTime?: string): number | null {
  if (typeof value === "number") return inRange(value);
  if (value instanceof Date) return inRange(value.getTime());
  if (typeof value !== "string") return null;
  const text = value.trim();
  const tz = safeTimeZone(timeZone);
  const date = parseIsoDate(text);
  if (date) {
    const clock = parseClock(localTime) ?? { hour: 0, minute: 0 };
    return inRange(fromLocal({ ...date, ...clock }, tz));
  }
  const t = parseIsoDateTime(text, tz);
  return t === null ? null : inRange(t);
}

/**
 * A date relative to `now` when `value` is a duration ("-30d" = 30 days ago, "2h" = in two
 * hours; calendar units in `timeZone`), else `parseDateValue(value, timeZone)`. Never throws.
 * @example resolveRelative("-30d", now, "UTC") // now minus 30 days
 */
export function resolveRelative(value: unknown, now: number, timeZone: string): number | null {
  if (typeof value === "string") {
    const parsed = parseDuration(value.trim());
    if (parsed) return inRange(addDuration(now, parsed, timeZone));
  }
  return parseDateValue(value, timeZone);
}
