/**
 * What the alarm does inside its session: re-evaluate segments whose window changed, then every
 * run timer due at or before now (overdue ones included), in due order, each in its own
 * transaction.
 */
import { segmentsInput, timerFailed, timerInput } from "../runtime/inputs.ts";
import type { Session } from "./input-runner.ts";
import type { UserStore } from "../store/user-store.ts";

/** Most timers one alarm handles; the alarm re-arms at once for the rest. */
export const MAX_TIMERS_PER_ALARM = 5_000;
/** A timer whose handling threw is tried again this much later. */
export const FAILED_TIMER_RETRY_MS = 3_600_000;

/** @returns how many timers were handled */
export function runDueWork(session: Session, store: UserStore): number {
  const { now } = session;
  store.transaction(() => store.outbox.prune(now));
  const segmentsDue = store.segments.nextChange();
  if (segmentsDue !== null && segmentsDue <= now) session.transact((turn) => segmentsInput(turn));
  let handled = 0;
  while (handled < MAX_TIMERS_PER_ALARM) {
    const batch = store.timers.due(now, 200);
    if (batch.length === 0) break;
    for (const timer of batch) {
      try {
        session.transact((turn) => timerInput(turn, timer));
      } catch (error) {
        console.error(`[nudge] timer ${timer.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
        session.transact((turn) => timerFailed(turn, timer, error, now + FAILED_TIMER_RETRY_MS));
      }
      handled += 1;
    }
  }
  return handled;
}
