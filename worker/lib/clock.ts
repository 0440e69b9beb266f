/**
 * Time for the imperative shell. The User Durable Object reads `now()` once per input and passes it
 * to the pure engine; `alarmTime()` maps a due time on this clock to the wall-clock time given to
 * `ctx.storage.setAlarm`.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** The wall-clock instant at which an alarm must fire for something due at `due` on this clock. */
  alarmTime(due: number): number;
}

/** The real clock: due times are wall-clock times. */
export const systemClock: Clock = {
  now: () => Date.now(),
  alarmTime: (due) => due,
};

/**
 * A clock tests move by hand. Its alarms are armed a day of real time away, so they never fire on
 * their own during a test: tests run them with `runDurableObjectAlarm` after moving the clock.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  alarmTime(): number {
    return Date.now() + 86_400_000;
  }

  /** Moves to `at`; refuses to go backwards, as real time does. */
  set(at: number): void {
    if (at < this.#now) throw new Error(`ManualClock cannot go back from ${this.#now} to ${at}`);
    this.#now = at;
  }

  /** Moves forward by `ms`. */
  advance(ms: number): void {
    this.set(this.#now + ms);
  }
}
