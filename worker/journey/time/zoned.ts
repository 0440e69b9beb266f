/**
 * Wall-clock time in IANA time zones, via Intl.DateTimeFormat (available in Node and workerd;
 * no tz database is bundled). Used by durations, dates, time slots and filters. Pure: the only
 * state is a cache of formatters, which does not change results.
 */
import { DAY_MS, MAX_TIME, floorMod, wallMs, weekdayOf } from "./calendar.ts";

/** Local calendar fields of an instant. `month` is 1–12, `weekday` 0 = Sunday … 6 = Saturday. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** A local date and (optional, default 0) time of day. Out-of-range fields roll over (day 32 → next month). */
export interface LocalInput {
  year: number;
  month: number;
  day: number;
  hour?: number | undefined;
  minute?: number | undefined;
  second?: number | undefined;
}

const MAX_CACHED = 512;
const formatters = new Map<string, Intl.DateTimeFormat>();
const validity = new Map<string, boolean>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
  return value;
}

/** True when `tz` is a time zone Intl accepts (IANA names such as "Europe/Paris", "UTC"). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz === "") return false;
  const known = validity.get(tz);
  if (known !== undefined) return known;
  let ok = true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    ok = false;
  }
  return remember(validity, tz, ok);
}

/** `tz` when it is a valid time zone, else "UTC". Never throws. */
export function safeTimeZone(tz: unknown): string {
  return typeof tz === "string" && isValidTimeZone(tz) ? tz : "UTC";
}

const FIELDS = {
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
} as const;
/** en-US output of FIELDS, e.g. "12/31/2023, 19:00:00". */
const FAST_OUTPUT = /^(\d+)\/(\d+)\/(\d+)\D+(\d+):(\d+):(\d+)$/;
/** 0001-01-01T00:00Z plus two days: before it, years need an era (1 BC prints as "1"). */
const ERA_SAFE_FROM = -62_135_596_800_000 + 2 * DAY_MS;

function formatter(timeZone: string, withEra: boolean): Intl.DateTimeFormat {
  const tz = safeTimeZone(timeZone);
  const key = withEra ? `${tz}|era` : tz;
  const cached = formatters.get(key);
  if (cached) return cached;
  const f = new Intl.DateTimeFormat("en-US", withEra ? { ...FIELDS, timeZone: tz, era: "short" } : { ...FIELDS, timeZone: tz });
  return remember(formatters, key, f);
}

/**
 * The local calendar fields of instant `at` (epoch ms) in `timeZone` (an invalid zone reads as UTC).
 * Throws a RangeError only when `at` is not a valid Date value.
 * @example localParts(Date.UTC(2024, 0, 1, 12), "Asia/Kolkata") // { year: 2024, month: 1, day: 1, hour: 17, minute: 30, … }
 */
export function localParts(at: number, timeZone: string): LocalParts {
  // format() + a regex is about 4x faster than formatToParts(); the parts path is the fallback.
  const m = at >= ERA_SAFE_FROM ? FAST_OUTPUT.exec(formatter(timeZone, false).format(at)) : null;
  if (!m) return partsViaFormatToParts(at, timeZone);
  const year = Number(m[3]), month = Number(m[1]), day = Number(m[2]);
  return { year, month, day, hour: Number(m[4]) % 24, minute: Number(m[5]), second: Number(m[6]), weekday: weekdayOf(year, month, day) };
}

function partsViaFormatToParts(at: number, timeZone: string): LocalParts {
  let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  let bc = false;
  for (const { type, value } of formatter(timeZone, true).formatToParts(at)) {
    switch (type) {
      case "era": bc = value === "BC" || value === "B"; break;
      case "year": year = Number(value); break;
      case "month": month = Number(value); break;
      case "day": day = Number(value); break;
      case "hour": hour = Number(value) % 24; break; // some ICU versions print midnight as "24"
      case "minute": minute = Number(value); break;
      case "second": second = Number(value); break;
    }
  }
  if (bc) year = 1 - year;
  return { year, month, day, hour, minute, second, weekday: weekdayOf(year, month, day) };
}

/** The zone's UTC offset at instant `at`, in ms (local = UTC + offset). */
export function offsetAt(at: number, timeZone: string): number {
  const p = localParts(at, timeZone);
  return wallMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - (at - floorMod(at, 1000));
}

/**
 * The instant at which the wall clock in `timeZone` shows `parts`. A local time skipped by a
 * DST change (spring forward) moves forward to the first valid instant (the moment of the
 * change: 02:30 on a 02:00→03:00 day is 03:00); a local time that occurs twice (fall back)
 * takes the earlier instant. Returns NaN for fields outside the Date range.
 * @example fromLocal({ year: 2024, month: 3, day: 10, hour: 2, minute: 30 }, "America/New_York") // 07:00Z (03:00 EDT)
 */
export function fromLocal(parts: LocalInput, timeZone: string): number {
  const wall = wallMs(parts.year, parts.month, parts.day, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  if (!Number.isFinite(wall) || Math.abs(wall) > MAX_TIME - 2 * DAY_MS) return NaN;
  // Offsets span less than ±1 day, so the offsets a day either side cover both sides of any
  // single transition near the answer (zones do not change twice within two days).
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return wall - before;
  const valid = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  return transitionBetween(wall - after, wall - before, before, timeZone);
}

/** First instant in (lo, hi] whose offset is no longer `loOffset`; both ends whole seconds. */
function transitionBetween(lo: number, hi: number, loOffset: number, timeZone: string): number {
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(mid, timeZone) === loOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}
