/**
 * Best time to message a user: a histogram of the local hours at which they engaged (opened,
 * clicked, …), with exponential decay so recent habits outweigh old ones. Stored per user as
 * JSON; `wait_for_time_slot` with `mode: "best_time"` reads `bestHour` through the UserView.
 * Pure.
 */
import { z } from "zod";
import { DAY_MS } from "../../journey/time/calendar.ts";
import { localParts, safeTimeZone } from "../../journey/time/zoned.ts";

/** A user's engagement histogram. JSON-serialisable; `v` versions the shape. */
export interface BestHourModel {
  v: 1;
  /** 24 weights, index = local hour (0–23), decayed to instant `at`. */
  hours: number[];
  /** Engagements recorded (not decayed): the evidence behind the weights. */
  count: number;
  /** The instant the weights are decayed to (the latest engagement seen). */
  at: number;
}

/** An engagement's weight halves every 30 days. */
export const BEST_HOUR_HALF_LIFE_MS = 30 * DAY_MS;
/** Fewer engagements than this are not a habit: `bestHour` answers with the fallback. */
export const MIN_ENGAGEMENTS = 5;
/** Neighbouring hours count for this much, so 09:55 and 10:05 habits reinforce each other. */
const NEIGHBOUR_WEIGHT = 0.25;

/** A model with no data. */
export function emptyBestHourModel(): BestHourModel {
  return { v: 1, hours: new Array<number>(24).fill(0), count: 0, at: 0 };
}

const StoredModel = z.object({
  v: z.literal(1),
  hours: z.array(z.number().finite().nonnegative()).length(24),
  count: z.int().nonnegative(),
  at: z.number().finite(),
});

/** The model stored JSON describes, or undefined when it is not a valid model (never throws). */
export function readBestHourModel(value: unknown): BestHourModel | undefined {
  const parsed = StoredModel.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function decay(elapsedMs: number): number {
  return Math.pow(0.5, elapsedMs / BEST_HOUR_HALF_LIFE_MS);
}

/** Six significant decimals keep the stored JSON short without changing any answer. */
function round(w: number): number {
  return w < 1e-6 ? 0 : Math.round(w * 1e6) / 1e6;
}

/**
 * The model after one engagement at instant `engagementAt`, counted at its local hour in
 * `timeZone` (invalid → UTC). Older weights decay by the time elapsed; an engagement older than
 * the model (a late webhook) is added already decayed. Returns a new model; an invalid instant
 * changes nothing.
 * @example updateBestHour(undefined, Date.parse("2026-11-23T08:30:00Z"), "Europe/Paris").hours[9] // 1
 */
export function updateBestHour(model: BestHourModel | undefined, engagementAt: number, timeZone: string): BestHourModel {
  const base = readBestHourModel(model) ?? emptyBestHourModel();
  if (!Number.isFinite(engagementAt)) return base;
  const hour = localParts(engagementAt, safeTimeZone(timeZone)).hour;
  const newer = base.count === 0 || engagementAt >= base.at;
  const factor = newer ? decay(engagementAt - base.at) : 1;
  const hours = base.hours.map((w) => w * factor);
  hours[hour] = (hours[hour] ?? 0) + (newer ? 1 : decay(base.at - engagementAt));
  return { v: 1, hours: hours.map(round), count: base.count + 1, at: newer ? engagementAt : base.at };
}

/**
 * The local hour (0–23) with the most (decayed) engagement, neighbours counting a quarter; ties
 * go to the hour with more engagement of its own, then the earlier hour. With fewer than
 * `MIN_ENGAGEMENTS` engagements (or no model), `fallback` — typically the workspace's best hour.
 * @example bestHour(model, 10) // 19 for a user who opens mail in the evening
 */
export function bestHour(model: BestHourModel | undefined, fallback?: number): number | undefined {
  const m = readBestHourModel(model);
  if (m === undefined || m.count < MIN_ENGAGEMENTS) return fallback;
  let best: number | undefined;
  let bestScore = 0;
  for (let h = 0; h < 24; h++) {
    const own = m.hours[h] ?? 0;
    const score = own + NEIGHBOUR_WEIGHT * ((m.hours[(h + 23) % 24] ?? 0) + (m.hours[(h + 1) % 24] ?? 0));
    const better = score > bestScore + 1e-9 || (Math.abs(score - bestScore) <= 1e-9 && best !== undefined && own > (m.hours[best] ?? 0) + 1e-9);
    if (better) {
      best = h;
      bestScore = score;
    }
  }
  return best ?? fallback;
}
