/**
 * One alarm serves everything with a due time: run timers, outbox retries, segment windows and
 * waiting stats deltas.
 * The alarm fires at or before the earliest of them (lazy-alarm.ts keeps it so).
 */
import type { Millis } from "../../journey/types.ts";
import { STATS_FLUSH_MS } from "../stats/stats-flush.ts";
import type { UserStore } from "../store/user-store.ts";

/**
 * A fresh outbox row is performed right after its commit; the alarm only backs that up (after a
 * crash), so it waits this long before replaying it instead of racing the inline attempt.
 */
export const INLINE_PERFORM_GRACE_MS = 10_000;

/** The earliest due time over timers ∪ pending outbox ∪ segment changes ∪ stats to send, or null. */
export function nextWakeUp(store: UserStore): Millis | null {
  return earliest(dueTimes(store));
}

/** The earlier of the two due times, or null when neither is set. */
export function earliest({ work, stats }: { work: Millis | null; stats: Millis | null }): Millis | null {
  return work === null ? stats : stats === null ? work : Math.min(work, stats);
}

/** The earliest due time of work (timers, outbox, segment windows) and of waiting stats, apart. */
export function dueTimes(store: UserStore): { work: Millis | null; stats: Millis | null } {
  return store.wake.earliest(INLINE_PERFORM_GRACE_MS, STATS_FLUSH_MS);
}
