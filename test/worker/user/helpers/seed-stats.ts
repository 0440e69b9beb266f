/**
 * Journey stats for the route-level seed tests, as a marketer reads them
 * (GET /v1/admin/journeys/{id}/stats). The User Durable Objects' flushes go through the
 * production emitter (emitStats) and the Worker's STATS consumer (consumeQueue) into D1 at once:
 * only the queue between them is replaced, because its delivery would need real time to pass.
 */
import { createMessageBatch } from "cloudflare:test";
import { expect } from "vitest";
import type { JourneyStats, NodeStats } from "../../../../worker/catalog/journey-stats.ts";
import { consumeQueue, STATS_QUEUE } from "../../../../worker/catalog/queue-consumer.ts";
import type { StatsSink } from "../../../../worker/user/config.ts";
import { emitStats } from "../../../../worker/user/stats/stats-sink.ts";
import { admin } from "../../routes/api.ts";

let batchSeq = 0;

/** A stats sink for `setUserObjectDeps`: each flush is consumed into D1 before it returns. */
export function statsIntoCatalog(env: Env): StatsSink {
  const queue = {
    sendBatch: async (messages: Iterable<{ body: unknown }>): Promise<void> => {
      const batch = [...messages].map(({ body }) => ({ id: `seed-stats-${++batchSeq}`, timestamp: new Date(), attempts: 1, body }));
      await consumeQueue(createMessageBatch(STATS_QUEUE, batch), env);
    },
  };
  return (deltas) => emitStats({ STATS: queue }, deltas);
}

type Counter = "entered" | "waiting" | "exited" | "converted" | "failed";
const COUNTERS: readonly Counter[] = ["entered", "waiting", "exited", "converted", "failed"];

/** What changed: per node, the counters that moved (others left out); the journey's totals. */
export interface StatsChange {
  nodes: Record<string, Partial<Record<Counter, number>>>;
  totals: JourneyStats["totals"];
}

/** GET /v1/admin/journeys/{id}/stats (every version). */
export async function journeyStats(journeyId: string): Promise<JourneyStats> {
  const res = await admin<JourneyStats>("GET", `/journeys/${encodeURIComponent(journeyId)}/stats`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/**
 * Reads the journey's stats now; `since()` answers how they changed from then on. The tests of a
 * file share each journey's counters, so a test reads its own users' share this way.
 */
export async function statsFrom(journeyId: string): Promise<{ since(): Promise<StatsChange> }> {
  const before = await journeyStats(journeyId);
  return {
    since: async () => {
      const after = await journeyStats(journeyId);
      const old = new Map(before.nodes.map((n) => [n.node, n]));
      const nodes: StatsChange["nodes"] = {};
      for (const n of after.nodes) {
        const moved = changed(old.get(n.node), n);
        if (Object.keys(moved).length > 0) nodes[n.node] = moved;
      }
      const totals = {
        entered: after.totals.entered - before.totals.entered,
        converted: after.totals.converted - before.totals.converted,
        exited: after.totals.exited - before.totals.exited,
        failed: after.totals.failed - before.totals.failed,
      };
      return { nodes, totals };
    },
  };
}

function changed(before: NodeStats | undefined, after: NodeStats): Partial<Record<Counter, number>> {
  const moved: Partial<Record<Counter, number>> = {};
  for (const c of COUNTERS) {
    const delta = after[c] - (before?.[c] ?? 0);
    if (delta !== 0) moved[c] = delta;
  }
  return moved;
}
