/**
 * The object's one alarm, kept armed at or before the earliest due time with as few storage calls
 * as possible: each `setAlarm` is a storage write (locally a commit of its own), and an event that
 * sends used to pay two of them (arm for the outbox row, delete once it was sent).
 *
 * The rule: an alarm armed earlier than needed is left alone (when it fires, due work finds what
 * is due and re-arms for the rest), and nothing is deleted when nothing is due (the alarm fires
 * once more, finds nothing, and the runtime drops it). Only a due time earlier than the armed one,
 * or no known alarm, costs a `setAlarm`. So an active user pays about one alarm write per
 * INLINE_PERFORM_GRACE_MS instead of two per event.
 */
import type { Millis } from "../../journey/types.ts";
import type { Clock } from "../../lib/clock.ts";
import type { UserStore } from "../store/user-store.ts";
import { dueTimes, earliest, nextWakeUp } from "./wake-up.ts";

export interface LazyAlarm {
  /**
   * Makes sure an alarm fires at or before the earliest due time (on `clock`). Reads the due time
   * and issues the storage call in one synchronous block, so concurrent callers cannot arm a stale time.
   * @returns the earliest due time, or null when nothing is due
   */
  arm(clock: Clock): Promise<Millis | null>;
  /** Arms for exactly `due` (a retry after a failed alarm). */
  armAt(clock: Clock, due: Millis): Promise<void>;
  /** The alarm fired: the runtime consumed it, so nothing is armed until the next `arm`. */
  fired(): void;
  /**
   * After `fired`, what the wake-up has to do: `work` when a timer, an outbox row or a segment
   * window is due (a session); `stats` when only waiting stats are (send them, then `arm`); `none`
   * when nothing is due yet (an alarm armed early, e.g. for an outbox row sent inline meanwhile),
   * after re-arming for the earliest due time. The last two cost a read and a write or a send, not
   * a session: an active user's alarm fires every STATS_FLUSH_MS for its stats alone.
   */
  due(clock: Clock): Promise<"work" | "stats" | "none">;
  /** Deletes the alarm (erasing the object, handing it over in a merge). */
  clear(): Promise<void>;
}

export function createLazyAlarm(storage: DurableObjectStorage, store: UserStore): LazyAlarm {
  /** The due time the stored alarm was armed for; null: none; undefined: unknown (a fresh instance). */
  let armed: Millis | null | undefined;
  return {
    arm(clock) {
      const next = nextWakeUp(store);
      if (next === null) return Promise.resolve(null);
      if (armed !== undefined && armed !== null && armed <= next) return Promise.resolve(next);
      armed = next;
      return storage.setAlarm(clock.alarmTime(next)).then(() => next);
    },
    armAt(clock, due) {
      armed = due;
      return storage.setAlarm(clock.alarmTime(due));
    },
    fired() {
      armed = null;
    },
    async due(clock) {
      const due = dueTimes(store);
      const now = clock.now();
      if (due.work !== null && due.work <= now) return "work";
      if (due.stats !== null && due.stats <= now) return "stats";
      const next = earliest(due);
      if (next !== null) {
        armed = next;
        await storage.setAlarm(clock.alarmTime(next));
      }
      return "none";
    },
    clear() {
      armed = null;
      return storage.deleteAlarm();
    },
  };
}
