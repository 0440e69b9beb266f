/**
 * GET /v1/admin/journeys/{id}/stats: per-node counters of a journey, from the STATS queue's
 * aggregates. `waiting` is derived: runs that entered a node and have neither left it nor ended
 * there (worker/user/stats/stats-delta.ts defines the kinds).
 */
import { withSchema } from "./d1-schema.ts";
import { getJourneyRecord, getVersion } from "./journey-store.ts";
import type { CatalogEnv } from "./snapshot.ts";
import { JOURNEY_LEVEL, type NodeCounts, nodeCounts } from "./stats-store.ts";

export interface NodeStats {
  node: string;
  /** The node's type in the version shown, or null for a node only older versions have. */
  type: string | null;
  entered: number;
  waiting: number;
  exited: number;
  converted: number;
  failed: number;
}

export interface JourneyStats {
  journey: string;
  /** The version counted, or "all" (summed over every version). */
  version: number | "all";
  nodes: NodeStats[];
  totals: { entered: number; converted: number; exited: number; failed: number };
}

/** The journey's node stats (summed over versions unless `version` is given), or null when it does not exist. */
export async function journeyStats(env: CatalogEnv, workspace: string, journeyId: string, version?: number): Promise<JourneyStats | null> {
  const db = env.CATALOG_DB;
  return withSchema(db, async () => {
    const record = await getJourneyRecord(db, workspace, journeyId);
    if (record === null) return null;
    const shown = version ?? record.version;
    const definition = shown === null ? record.draft : ((await getVersion(db, workspace, journeyId, shown)) ?? record.draft);
    const counts = await nodeCounts(db, workspace, journeyId, version);
    const known = Object.keys(definition.nodes);
    const older = [...counts.keys()].filter((n) => n !== JOURNEY_LEVEL && !(n in definition.nodes));
    const nodes = [...known, ...older].map((node) => toNodeStats(node, definition.nodes[node]?.type ?? null, counts.get(node)));
    const journeyLevel = counts.get(JOURNEY_LEVEL);
    return {
      journey: journeyId,
      version: version ?? "all",
      nodes,
      totals: {
        entered: journeyLevel?.entered ?? 0,
        converted: journeyLevel?.converted ?? 0,
        exited: sum(counts, "exited"),
        failed: sum(counts, "failed"),
      },
    };
  });
}

function toNodeStats(node: string, type: string | null, c: NodeCounts | undefined): NodeStats {
  const counts = c ?? { entered: 0, left: 0, exited: 0, converted: 0, failed: 0 };
  const waiting = Math.max(0, counts.entered - counts.left - counts.exited);
  return { node, type, entered: counts.entered, waiting, exited: counts.exited, converted: counts.converted, failed: counts.failed };
}

function sum(counts: Map<string, NodeCounts>, kind: keyof NodeCounts): number {
  let total = 0;
  for (const c of counts.values()) total += c[kind];
  return total;
}
