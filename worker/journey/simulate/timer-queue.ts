/**
 * Virtual timers for simulate: run timers (set_timer/cancel_timer effects) and segment re-checks,
 * popped in time order; timers due at the same instant come out in the order they were set.
 */
import type { Millis } from "../types.ts";

/** A run's timer, or a segment re-check at its `changesAt`. */
export type NewTimer =
  | { type: "run"; at: Millis; runId: string; timerId: string }
  | { type: "segment"; at: Millis; segment: string };
/** `seq` orders timers due at the same instant. */
export type Timer = NewTimer & { seq: number };

export class TimerQueue {
  #timers: Timer[] = [];
  #seq = 0;

  /** Adds a timer. */
  add(timer: NewTimer): void {
    this.#timers.push({ ...timer, seq: this.#seq++ });
  }

  /** Removes the run timer `timerId` (a cancel_timer effect). */
  cancel(timerId: string): void {
    this.#timers = this.#timers.filter((t) => t.type !== "run" || t.timerId !== timerId);
  }

  /** Removes pending re-checks of `segment` (a newer one replaces them). */
  clearSegment(segment: string): void {
    this.#timers = this.#timers.filter((t) => t.type !== "segment" || t.segment !== segment);
  }

  /** The earliest due time, or null when none is pending. */
  nextAt(): Millis | null {
    let min: Millis | null = null;
    for (const t of this.#timers) if (min === null || t.at < min) min = t.at;
    return min;
  }

  /** Removes and returns the first timer due at or before `at` (earliest, then first set). */
  popDue(at: Millis): Timer | null {
    let best = -1;
    this.#timers.forEach((t, i) => {
      const b = this.#timers[best];
      if (t.at <= at && (b === undefined || t.at < b.at || (t.at === b.at && t.seq < b.seq))) best = i;
    });
    if (best < 0) return null;
    const [timer] = this.#timers.splice(best, 1);
    return timer ?? null;
  }
}
