/**
 * Zone-free calendar helpers shared by the time modules: leap years, month lengths, "HH:MM"
 * clocks and wall-clock arithmetic on proleptic Gregorian dates. Pure.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The largest magnitude a JS Date can hold (±100,000,000 days around 1970). */
export const MAX_TIME = 8.64e15;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `a mod n` that is never negative (for negative epoch values). */
export function floorMod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

/**
 * The wall-clock fields read as if they were UTC, in ms. Out-of-range fields roll over
 * (day 32 → next month), and years 0–99 stay literal (Date.UTC would map them to 1900–1999).
 */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Weekday (0 = Sunday … 6 = Saturday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  // 1970-01-01 was a Thursday (4).
  return floorMod(Math.floor(wallMs(year, month, day) / DAY_MS) + 4, 7);
}

export interface Clock {
  hour: number;
  minute: number;
}

/** Parses a local time "HH:MM" (00:00–23:59); null otherwise. */
export function parseClock(text: unknown): Clock | null {
  if (typeof text !== "string") return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date `days` after (or before, if negative) the given one. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(wallMs(date.year, date.month, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
