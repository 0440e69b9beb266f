/**
 * Sends a user's waiting stats deltas (store/stats-store.ts) in one batch, at most once per
 * STATS_FLUSH_MS unless many wait or the caller forces it: a user's first event after a quiet
 * spell is counted at once, a burst is sent as one message per STATS_FLUSH_MS. A failed send keeps
 * the rows for the next flush, so stats are late rather than lost. The alarm wakes the object
 * STATS_FLUSH_MS after the oldest waiting delta at the latest (timers/wake-up.ts), so an idle
 * user's last deltas are sent too.
 */
import type { Millis } from "../../journey/types.ts";
import type { UserStore } from "../store/user-store.ts";
import type { StatsDelta } from "./stats-delta.ts";

/** The least time between two sends of one user's stats (so also the longest a delta waits). */
export const STATS_FLUSH_MS = 5_000;
/** Send before STATS_FLUSH_MS once this many wait. */
export const STATS_FLUSH_ROWS = 500;
/** Most deltas one flush sends (the rest go with the next one). */
export const STATS_MAX_PER_FLUSH = 5_000;

export interface FlushOptions {
  now: Millis;
  /** When this object last sent stats (null: not since it started). */
  lastSent: Millis | null;
  /** Send whatever waits, now. */
  force: boolean;
}

/** @returns how many deltas were sent */
export async function flushStats(store: UserStore, send: (deltas: readonly StatsDelta[]) => Promise<void>, options: FlushOptions): Promise<number> {
  const { now, lastSent, force } = options;
  const { oldest, count } = store.stats.waiting();
  if (oldest === null) return 0;
  if (!force && lastSent !== null && now < lastSent + STATS_FLUSH_MS && count < STATS_FLUSH_ROWS) return 0;
  const { through, deltas } = store.stats.take(STATS_MAX_PER_FLUSH);
  try {
    if (deltas.length > 0) await send(deltas);
  } catch (error) {
    console.error(`[nudge] stats not sent, kept for the next flush: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
  store.stats.remove(through);
  return deltas.length;
}
