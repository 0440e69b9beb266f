/**
 * Sends stats deltas to the `STATS` queue when the worker binds one (the admin API aggregates
 * them); without the binding they are dropped. Never throws: stats must not fail an input.
 */
import type { StatsDelta } from "./stats-delta.ts";

interface StatsQueue {
  sendBatch(messages: Iterable<{ body: StatsDelta }>): Promise<unknown>;
}

function isStatsQueue(value: unknown): value is StatsQueue {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "sendBatch") === "function";
}

/** The bound queue, if any. */
export function statsQueue(env: object): StatsQueue | null {
  const queue: unknown = Reflect.get(env, "STATS");
  return isStatsQueue(queue) ? queue : null;
}

/** Emits `deltas` (in batches of 100, the queue's batch limit). */
export async function emitStats(env: object, deltas: readonly StatsDelta[]): Promise<void> {
  const queue = statsQueue(env);
  if (queue === null || deltas.length === 0) return;
  try {
    for (let i = 0; i < deltas.length; i += 100) {
      await queue.sendBatch(deltas.slice(i, i + 100).map((body) => ({ body })));
    }
  } catch (error) {
    console.error(`[nudge] stats not sent: ${error instanceof Error ? error.message : String(error)}`);
  }
}
