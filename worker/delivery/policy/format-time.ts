/**
 * Instants as a marketer reads them in suppression and delay reasons: UTC to the minute for
 * history ("2026-11-22T10:00Z"), the user's local clock for what happens next ("08:00"). Pure.
 */
import { HOUR_MS } from "../../journey/time/calendar.ts";
import { localParts } from "../../journey/time/zoned.ts";

const pad = (n: number): string => String(n).padStart(2, "0");

/** "2026-11-22T10:00Z" (seconds dropped). */
export function utcMinute(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16)}Z`;
}

/** "08:00" in `timeZone` when `at` is less than 24 h after `now`, else "2026-11-24 09:00". */
export function localClock(at: number, now: number, timeZone: string): string {
  const p = localParts(at, timeZone);
  const clock = `${pad(p.hour)}:${pad(p.minute)}`;
  return at - now < 24 * HOUR_MS ? clock : `${p.year}-${pad(p.month)}-${pad(p.day)} ${clock}`;
}
