/**
 * The delivery policy decision the User Durable Object makes right before a send: send now,
 * delay (quiet hours with `action: "delay"`), or suppress (frequency cap reached, quiet hours
 * with `action: "drop"`), each with a reason a marketer reads in the message log. Pure.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import { addDuration } from "../../journey/time/duration.ts";
import { safeTimeZone } from "../../journey/time/zoned.ts";
import { checkCap, parseCap, type FrequencyCap } from "./frequency-cap.ts";
import { localClock, utcMinute } from "./format-time.ts";
import { isQuietAt, quietCovers, quietEndsAt } from "./quiet-hours.ts";
import type { DeliveryPolicy, QuietHours } from "./schema.ts";

export interface DeliveryRequest {
  /** The workspace's policy (undefined: no policy). */
  policy: DeliveryPolicy | undefined;
  channel: Channel;
  /** Transactional sends are exempt from caps and quiet hours. */
  transactional: boolean;
  /** When this user was sent non-transactional messages on `channel` (epoch ms, any order; older than the longest cap window may be omitted). */
  sentAt: readonly number[];
  now: number;
  /** The user's IANA zone (invalid or unknown → "UTC"). */
  timeZone: string;
}

export type DeliveryDecision =
  | { type: "send" }
  /** Try again at `until`: outside quiet hours and within every cap, given the sends known now. */
  | { type: "delay"; until: number; reason: string; rule: "quiet_hours" }
  | { type: "suppress"; reason: string; rule: "frequency_cap" | "quiet_hours" };

/** Enough rounds for caps and quiet hours to push each other along; past it we give up and suppress. */
const MAX_ROUNDS = 64;

function capsFor(policy: DeliveryPolicy | undefined, channel: Channel): FrequencyCap[] {
  const texts = policy?.frequency_caps?.[channel] ?? [];
  return texts.map(parseCap).filter((c): c is FrequencyCap => c !== null);
}

function quietLabel(q: QuietHours, timeZone: string): string {
  return `quiet hours ${q.from}–${q.to} ${timeZone}`;
}

/** The first cap that blocks a send at `at`, with when it frees up (the latest of all blocking caps). */
function blockingCap(caps: readonly FrequencyCap[], sentAt: readonly number[], at: number, timeZone: string) {
  let first: { cap: FrequencyCap; count: number; since: number } | undefined;
  let freeAt = at;
  for (const cap of caps) {
    const check = checkCap(cap, sentAt, at, timeZone);
    if (check.ok) continue;
    first ??= { cap, count: check.count, since: check.since };
    freeAt = Math.max(freeAt, check.freeAt);
  }
  return first === undefined ? undefined : { ...first, freeAt };
}

/**
 * Decides whether a message goes out now. Order: transactional → send; inside quiet hours →
 * drop, or delay to the earliest instant that is both outside quiet hours and within every cap;
 * outside quiet hours, a reached cap suppresses. Never throws.
 * @example decideDelivery({ policy: { frequency_caps: { email: ["3 per 1d"] } }, channel: "email", transactional: false,
 *   sentAt: [t1, t2, t3], now, timeZone: "Europe/Paris" })
 *   // { type: "suppress", rule: "frequency_cap", reason: "frequency cap 3 per 1d reached (3 sent since 2026-11-22T10:00Z)" }
 */
export function decideDelivery(req: DeliveryRequest): DeliveryDecision {
  if (req.transactional || req.policy === undefined) return { type: "send" };
  const tz = safeTimeZone(req.timeZone);
  const caps = capsFor(req.policy, req.channel);
  const quiet = req.policy.quiet_hours !== undefined && quietCovers(req.policy.quiet_hours, req.channel) ? req.policy.quiet_hours : undefined;

  if (quiet !== undefined && isQuietAt(quiet, req.now, tz)) {
    if (quiet.action === "drop") return { type: "suppress", rule: "quiet_hours", reason: `${quietLabel(quiet, tz)}: dropped` };
    return delayPastQuietHours(req, quiet, caps, tz);
  }
  const blocked = blockingCap(caps, req.sentAt, req.now, tz);
  if (blocked === undefined) return { type: "send" };
  return {
    type: "suppress",
    rule: "frequency_cap",
    reason: `frequency cap ${blocked.cap.text} reached (${blocked.count} sent since ${utcMinute(blocked.since)})`,
  };
}

function delayPastQuietHours(req: DeliveryRequest, quiet: QuietHours, caps: readonly FrequencyCap[], tz: string): DeliveryDecision {
  const capped: string[] = [];
  let at = req.now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    at = quietEndsAt(quiet, at, tz);
    const blocked = blockingCap(caps, req.sentAt, at, tz);
    if (blocked === undefined) {
      const why = capped.length === 0 ? quietLabel(quiet, tz) : `${quietLabel(quiet, tz)} and frequency cap ${capped.join(", ")}`;
      return { type: "delay", until: at, rule: "quiet_hours", reason: `${why}: delayed to ${localClock(at, req.now, tz)}` };
    }
    if (!capped.includes(blocked.cap.text)) capped.push(blocked.cap.text);
    at = blocked.freeAt;
  }
  return { type: "suppress", rule: "quiet_hours", reason: `${quietLabel(quiet, tz)}: no time found outside quiet hours and within frequency caps` };
}

/**
 * How far back `sentAt` must reach for `decideDelivery` to be exact on `channel`: the start of
 * the longest cap window before `now`, or null when the channel has no caps (pass `[]`).
 * @example capHistorySince({ frequency_caps: { email: ["3 per 1d", "10 per 7d"] } }, "email", now, "UTC") // now − 7 days
 */
export function capHistorySince(policy: DeliveryPolicy | undefined, channel: Channel, now: number, timeZone: string): number | null {
  const caps = capsFor(policy, channel);
  if (caps.length === 0) return null;
  const tz = safeTimeZone(timeZone);
  return Math.min(...caps.map((cap) => addDuration(now, { ...cap.window, sign: -1 }, tz)));
}
