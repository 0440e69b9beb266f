/**
 * The stored membership rows of a catalog's live segments, as a segment pass keeps them in memory
 * between inputs: typed arrays by catalog position, a few bytes per segment (many objects share an
 * isolate, and catalogs may hold thousands of segments), kept in step with `segment_membership`
 * by the pass. Reasons are left out: they are only written. Also the last activity each
 * `inactive_for` segment was evaluated with.
 */
import type { Millis } from "../journey/types.ts";
import type { Membership } from "../user/store/segment-store.ts";

/** A stored membership row without its reason. */
export type StoredVerdict = Omit<Membership, "reason">;

const NONE = 0;
const OUT = 1;
const IN = 2;

export class VerdictTable {
  /** NONE (no row), OUT or IN, by position. */
  readonly #state: Uint8Array;
  readonly #since: Float64Array;
  /** NaN: null. */
  readonly #changesAt: Float64Array;
  /** NaN: not evaluated in this memory. */
  readonly #activity: Float64Array;

  constructor(size: number) {
    this.#state = new Uint8Array(size);
    this.#since = new Float64Array(size);
    this.#changesAt = new Float64Array(size).fill(Number.NaN);
    this.#activity = new Float64Array(size).fill(Number.NaN);
  }

  /** The row of the segment at `position` (named `segmentId`), if stored. */
  get(position: number, segmentId: string): StoredVerdict | undefined {
    const state = this.#state[position] ?? NONE;
    if (state === NONE) return undefined;
    const changesAt = this.#changesAt[position] ?? Number.NaN;
    return { segmentId, member: state === IN, since: this.#since[position] ?? 0, changesAt: Number.isNaN(changesAt) ? null : changesAt };
  }

  set(position: number, row: StoredVerdict): void {
    this.#state[position] = row.member ? IN : OUT;
    this.#since[position] = row.since;
    this.#changesAt[position] = row.changesAt ?? Number.NaN;
  }

  delete(position: number): void {
    this.#state[position] = NONE;
    this.#changesAt[position] = Number.NaN;
  }

  /** The last activity the segment at `position` was evaluated with, if known. */
  activity(position: number): Millis | undefined {
    const at = this.#activity[position] ?? Number.NaN;
    return Number.isNaN(at) ? undefined : at;
  }

  setActivity(position: number, at: Millis): void {
    this.#activity[position] = at;
  }

  /** Positions whose stored `changesAt` is at or before `now`. */
  due(now: Millis): number[] {
    const due: number[] = [];
    this.#changesAt.forEach((at, position) => {
      if (at <= now) due.push(position);
    });
    return due;
  }

  /** The earliest stored `changesAt`, or null. */
  earliest(): Millis | null {
    let earliest = Number.POSITIVE_INFINITY;
    for (const at of this.#changesAt) if (at < earliest) earliest = at;
    return Number.isFinite(earliest) ? earliest : null;
  }
}
