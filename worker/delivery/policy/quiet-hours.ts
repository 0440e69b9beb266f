/**
 * Quiet hours: a daily local-time span ("21:00"–"08:00", spanning midnight when `to` < `from`)
 * during which messages on the covered channels are delayed to its end or dropped. Reuses the
 * journey time-slot math: the allowed time is the complement window `to`–`from`. Pure.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import { isInWindow, nextWindowStart } from "../../journey/time/slots.ts";
import type { QuietHours } from "./schema.ts";

/**
 * Channels quiet hours cover when the policy lists none: every channel that interrupts. In-app
 * and overlay messages only show while the user is using the site or app, so they are exempt.
 */
export const DEFAULT_QUIET_CHANNELS: readonly Channel[] = ["email", "sms", "whatsapp", "web_push", "mobile_push"];

/** Whether `quiet` applies to `channel` at all. */
export function quietCovers(quiet: QuietHours, channel: Channel): boolean {
  return (quiet.channels ?? DEFAULT_QUIET_CHANNELS).includes(channel);
}

function allowedWindow(quiet: QuietHours): { from: string; to: string } {
  return { from: quiet.to, to: quiet.from };
}

/** True when `at` falls inside quiet hours in `timeZone` (`from` inclusive, `to` exclusive). */
export function isQuietAt(quiet: QuietHours, at: number, timeZone: string): boolean {
  return !isInWindow(at, allowedWindow(quiet), timeZone);
}

/**
 * `at` when it is outside quiet hours, else the instant quiet hours end (the local `to` time,
 * correct across DST changes and in any offset zone).
 * @example quietEndsAt({ from: "21:00", to: "08:00", action: "delay" }, Date.parse("2026-01-05T22:00:00Z"), "UTC") // 2026-01-06T08:00Z
 */
export function quietEndsAt(quiet: QuietHours, at: number, timeZone: string): number {
  return nextWindowStart(at, allowedWindow(quiet), timeZone);
}
