/**
 * Local time windows ("weekdays 09:00–18:00", "22:00–06:00") and best-hour slots, for the
 * `wait_for_time_slot` node and quiet hours. Pure.
 *
 * A window's `days` name the day the window STARTS: { days: ["fri"], from: "22:00", to: "06:00" }
 * is open from Friday 22:00 to Saturday 06:00. `to` < `from` spans midnight; `to` = `from` is a
 * full 24 hours. Without `days` (or with no valid day names) every day counts. Invalid clocks read
 * as "00:00". Local times skipped by DST move forward, repeated ones take the first occurrence.
 */
import type { z } from "zod";
import type { TimeWindow as TimeWindowSchema } from "../schema/nodes.ts";
import { addDays, parseClock, type CalendarDate, type Clock } from "./calendar.ts";
import { fromLocal, localParts, safeTimeZone } from "./zoned.ts";

/** A local time window: `{ days?: ["mon", …], from: "HH:MM", to: "HH:MM" }`. */
export type TimeWindow = z.infer<typeof TimeWindowSchema>;

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
/** Enough days to pass a whole week plus the window that may have started yesterday. */
const SEARCH_DAYS = 9;

function allowedWeekdays(days: readonly string[] | undefined): Set<number> {
  const set = new Set<number>();
  for (const d of days ?? []) {
    const i = WEEKDAYS.findIndex((w) => w === d);
    if (i >= 0) set.add(i);
  }
  return set.size > 0 ? set : new Set([0, 1, 2, 3, 4, 5, 6]);
}

interface Opening {
  start: number;
  end: number;
}

/** The window opening that starts on local date `date` (end after start, possibly next day). */
function openingOn(date: CalendarDate, from: Clock, to: Clock, timeZone: string): Opening {
  const fromMin = from.hour * 60 + from.minute;
  const toMin = to.hour * 60 + to.minute;
  const endDate = toMin <= fromMin ? addDays(date, 1) : date;
  return { start: fromLocal({ ...date, ...from }, timeZone), end: fromLocal({ ...endDate, ...to }, timeZone) };
}

/**
 * `now` if `now` is inside `window` (local to `timeZone`), else the instant the window next
 * opens. Correct across DST changes and for windows that span midnight.
 * @example nextWindowStart(Date.parse("2024-06-01T20:00:00Z"), { from: "09:00", to: "18:00" }, "UTC") // 2024-06-02T09:00Z
 */
export function nextWindowStart(now: number, window: TimeWindow, timeZone: string): number {
  const tz = safeTimeZone(timeZone);
  const from = parseClock(window.from) ?? { hour: 0, minute: 0 };
  const to = parseClock(window.to) ?? { hour: 0, minute: 0 };
  const days = allowedWeekdays(window.days);
  const today = localParts(now, tz);
  for (let k = -1; k < SEARCH_DAYS; k++) {
    const date = addDays(today, k);
    const weekday = (today.weekday + k + 7) % 7;
    if (!days.has(weekday)) continue;
    const { start, end } = openingOn(date, from, to, tz);
    if (now < start) return start;
    if (now < end) return now;
  }
  // Unreachable with a valid week of days; keep the contract of returning an instant.
  return now;
}

/** True when `at` is inside `window` in `timeZone`. */
export function isInWindow(at: number, window: TimeWindow, timeZone: string): boolean {
  return nextWindowStart(at, window, timeZone) === at;
}

/**
 * Whether local `hour`:00 is inside `window` on some allowed day (wall-clock reasoning, which
 * only DST days can contradict; the caller verifies each instant).
 */
function hourEverInWindow(hour: number, window: TimeWindow): boolean {
  const from = parseClock(window.from) ?? { hour: 0, minute: 0 };
  const to = parseClock(window.to) ?? { hour: 0, minute: 0 };
  const fromMin = from.hour * 60 + from.minute;
  const toMin = to.hour * 60 + to.minute;
  const start = hour * 60;
  // Overnight (or 24 h) windows cover both ends of the day on some allowed start day.
  if (toMin <= fromMin) return start >= fromMin || start < toMin;
  return start >= fromMin && start < toMin;
}

/** The next start of local hour `hour` at or after `now` (`now` itself when inside that hour). */
function nextHourStart(now: number, hour: number, timeZone: string, fromDay: number): number {
  const today = localParts(now, timeZone);
  if (fromDay === 0 && today.hour === hour) return now;
  for (let k = fromDay; k < fromDay + 3; k++) {
    const t = fromLocal({ ...addDays(today, k), hour }, timeZone);
    if (t > now) return t;
  }
  return now;
}

/**
 * The next start of local hour `hour` (0–23, clamped) in `timeZone`, or `now` when we are inside
 * that hour. With `window`: the first such hour that lies inside the window (so a weekday window
 * skips weekend best hours); if the hour never falls inside the window, the window's next
 * opening (`now` if open) instead.
 * @example nextBestTime(Date.parse("2024-06-01T08:15:00Z"), 10, "UTC") // 2024-06-01T10:00Z
 */
export function nextBestTime(now: number, hour: number, timeZone: string, window?: TimeWindow): number {
  const tz = safeTimeZone(timeZone);
  const h = Number.isFinite(hour) ? Math.min(23, Math.max(0, Math.floor(hour))) : 0;
  let candidate = nextHourStart(now, h, tz, 0);
  if (!window) return candidate;
  if (!hourEverInWindow(h, window)) return nextWindowStart(now, window, tz);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    if (isInWindow(candidate, window, tz)) return candidate;
    candidate = nextHourStart(candidate, h, tz, 1);
  }
  return nextWindowStart(now, window, tz);
}
