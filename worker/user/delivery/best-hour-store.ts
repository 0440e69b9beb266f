/**
 * The user's best-hour model (worker/delivery/engagement/best-hour.ts) and the workspace's best
 * hour, kept in the object's `meta` table so `UserView.bestHour` reads them synchronously inside
 * an input's transaction.
 */
import { bestHour, readBestHourModel, updateBestHour, type BestHourModel } from "../../delivery/engagement/best-hour.ts";
import type { Millis } from "../../journey/types.ts";
import type { MetaStore } from "../store/meta-store.ts";

const MODEL_KEY = "best_hour_model";
/** The workspace's best hour as last read (text of 0–23, or absent). */
export const WORKSPACE_BEST_HOUR_KEY = "workspace_best_hour";

/** The stored model, or undefined. */
export function loadBestHourModel(meta: MetaStore): BestHourModel | undefined {
  const text = meta.get(MODEL_KEY);
  if (text === null) return undefined;
  try {
    return readBestHourModel(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** A move of this user's vote for the workspace's best hour (null: no vote). */
export interface VoteMove {
  before: number | null;
  after: number | null;
}

/** Adds one engagement at `at` (local hour in `timeZone`); returns the vote move when the user's own best hour changed. */
export function recordEngagementHour(meta: MetaStore, at: Millis, timeZone: string): VoteMove | null {
  const model = loadBestHourModel(meta);
  const next = updateBestHour(model, at, timeZone);
  meta.set(MODEL_KEY, JSON.stringify(next));
  const before = bestHour(model) ?? null;
  const after = bestHour(next) ?? null;
  return before === after ? null : { before, after };
}

/** The user's best hour, else the workspace's (when known), else undefined. */
export function userBestHour(meta: MetaStore): number | undefined {
  const stored = Number(meta.get(WORKSPACE_BEST_HOUR_KEY) ?? "NaN");
  return bestHour(loadBestHourModel(meta), Number.isInteger(stored) && stored >= 0 && stored < 24 ? stored : undefined);
}

/** Keeps the workspace's best hour (read from the catalog) for `userBestHour`. */
export function storeWorkspaceBestHour(meta: MetaStore, hour: number | null): void {
  const text = hour === null ? null : String(hour);
  if (meta.get(WORKSPACE_BEST_HOUR_KEY) !== text) meta.set(WORKSPACE_BEST_HOUR_KEY, text);
}
