/**
 * Sends stats deltas to the `STATS` queue when the worker binds one (the admin API aggregates
 * them); without the binding they are dropped. Deltas are summed per counter first, so one flush
 * of a user's deltas is one queue message (worker/catalog/stats-message.ts, StatsBatch) whatever
 * the number of events behind it. Throws when the queue refuses: the caller keeps the deltas.
 */
import type { StatsBatch, StatsMessage } from "../../catalog/stats-message.ts";
import type { StatsDelta } from "./stats-delta.ts";

interface StatsQueue {
  sendBatch(messages: Iterable<{ body: StatsBatch }>): Promise<unknown>;
}

function isStatsQueue(value: unknown): value is StatsQueue {
  return typeof value === "object" && value !== null && typeof Reflect.get(value, "sendBatch") === "function";
}

/** The bound queue, if any. */
export function statsQueue(env: object): StatsQueue | null {
  const queue: unknown = Reflect.get(env, "STATS");
  return isStatsQueue(queue) ? queue : null;
}

/** Counters per message: ~200 bytes each keeps a message far below the queue's 128 KB. */
const COUNTERS_PER_MESSAGE = 200;

/** Sums `deltas` per counter (journey, version, node, kind, entering user). */
export function summarize(deltas: readonly StatsDelta[]): StatsMessage[] {
  const counters = new Map<string, StatsMessage>();
  for (const d of deltas) {
    const key = JSON.stringify([d.workspace, d.journeyId, d.version, d.node, d.kind, d.user ?? null]);
    const current = counters.get(key);
    if (current === undefined) {
      const m: StatsMessage = { workspace: d.workspace, journeyId: d.journeyId, version: d.version, node: d.node, kind: d.kind, at: d.at, count: 1 };
      if (d.user !== undefined) m.user = d.user;
      counters.set(key, m);
    } else {
      current.count = (current.count ?? 1) + 1;
      current.at = Math.max(current.at, d.at);
    }
  }
  return [...counters.values()];
}

/** Emits `deltas` as summed counters, COUNTERS_PER_MESSAGE per message, in one sendBatch. */
export async function emitStats(env: object, deltas: readonly StatsDelta[]): Promise<void> {
  const queue = statsQueue(env);
  if (queue === null || deltas.length === 0) return;
  const counters = summarize(deltas);
  const messages: { body: StatsBatch }[] = [];
  for (let i = 0; i < counters.length; i += COUNTERS_PER_MESSAGE) {
    messages.push({ body: { type: "stats", counters: counters.slice(i, i + COUNTERS_PER_MESSAGE) } });
  }
  // sendBatch takes at most 100 messages: 20,000 counters, far more than a flush holds.
  await queue.sendBatch(messages);
}
