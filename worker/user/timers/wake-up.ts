/**
 * One alarm serves everything with a due time: run timers, outbox retries and segment windows.
 * The alarm is always armed at the earliest of them, or deleted when there is none.
 */
import type { Millis } from "../../journey/types.ts";
import type { Clock } from "../../lib/clock.ts";
import type { UserStore } from "../store/user-store.ts";

/**
 * A fresh outbox row is performed right after its commit; the alarm only backs that up (after a
 * crash), so it waits this long before replaying it instead of racing the inline attempt.
 */
export const INLINE_PERFORM_GRACE_MS = 10_000;

/** The earliest due time over timers ∪ pending outbox ∪ segment changes, or null. */
export function nextWakeUp(store: UserStore): Millis | null {
  const candidates = [store.timers.nextDue(), store.outbox.nextDue(INLINE_PERFORM_GRACE_MS), store.segments.nextChange()];
  const due = candidates.filter((at): at is number => at !== null);
  return due.length === 0 ? null : Math.min(...due);
}

/**
 * Arms the alarm at `nextWakeUp` (mapped to wall-clock time by `clock`) or deletes it. The read and
 * the storage call are issued in one synchronous block, so concurrent callers cannot arm a stale time.
 * @returns the due time armed for, or null
 */
export function armAlarm(storage: DurableObjectStorage, store: UserStore, clock: Clock): Promise<Millis | null> {
  const next = nextWakeUp(store);
  const done = next === null ? storage.deleteAlarm() : storage.setAlarm(clock.alarmTime(next));
  return done.then(() => next);
}
