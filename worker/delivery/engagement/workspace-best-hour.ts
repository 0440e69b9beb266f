/**
 * The workspace's best hour: the fallback for users without enough engagement of their own.
 * Each user with a learned best hour casts one vote for it (local hours, so users in different
 * zones who all read mail at 08:00 agree). Votes are 24 counters, updated incrementally as a
 * user's best hour moves, or rebuilt from all models at once. Pure; JSON-serialisable.
 */
import { bestHour, type BestHourModel } from "./best-hour.ts";

export interface BestHourVotes {
  v: 1;
  /** Users whose best hour is each local hour (index 0–23). */
  hours: number[];
}

/** Fewer voters than this and the workspace has no best hour yet. */
export const MIN_VOTERS = 10;

export function emptyVotes(): BestHourVotes {
  return { v: 1, hours: new Array<number>(24).fill(0) };
}

function valid(hour: number | undefined): hour is number {
  return hour !== undefined && Number.isInteger(hour) && hour >= 0 && hour < 24;
}

/**
 * The votes after one user's best hour changed from `before` to `after` (either undefined when
 * the user had or has none). Returns new votes; counts never go below zero.
 * @example moveVote(votes, undefined, 19) // one more vote for 19:00
 */
export function moveVote(votes: BestHourVotes, before: number | undefined, after: number | undefined): BestHourVotes {
  if (before === after) return votes;
  const hours = [...votes.hours];
  if (valid(before)) hours[before] = Math.max(0, (hours[before] ?? 0) - 1);
  if (valid(after)) hours[after] = (hours[after] ?? 0) + 1;
  return { v: 1, hours };
}

/** Votes from every user's model at once (users below the evidence threshold do not vote). */
export function aggregateBestHours(models: Iterable<BestHourModel | undefined>): BestHourVotes {
  const hours = emptyVotes().hours;
  for (const model of models) {
    const hour = bestHour(model);
    if (valid(hour)) hours[hour] = (hours[hour] ?? 0) + 1;
  }
  return { v: 1, hours };
}

/**
 * The most voted local hour (ties → the earlier hour), or undefined with fewer than
 * `minVoters` voters.
 * @param [minVoters=MIN_VOTERS]
 */
export function workspaceBestHour(votes: BestHourVotes | undefined, minVoters = MIN_VOTERS): number | undefined {
  if (votes === undefined || votes.hours.length !== 24) return undefined;
  const total = votes.hours.reduce((n, c) => n + c, 0);
  if (total < minVoters) return undefined;
  let best = 0;
  for (let h = 1; h < 24; h++) if ((votes.hours[h] ?? 0) > (votes.hours[best] ?? 0)) best = h;
  return best;
}
