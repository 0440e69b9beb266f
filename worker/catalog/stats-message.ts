/**
 * What User Durable Objects put on the STATS queue: a StatsBatch of summed counters (one message
 * per user per flush, worker/user/stats/stats-flush.ts), consumed by the Worker's queue() handler
 * into per-node counters in D1 (GET /v1/admin/journeys/{id}/stats). A bare StatsMessage (one
 * delta, as objects sent before batching) is still accepted.
 */
import { z } from "zod";

export const STATS_KINDS = ["entered", "left", "converted", "failed", "exited"] as const;

export const StatsMessage = z.object({
  workspace: z.string().min(1),
  journeyId: z.string().min(1),
  version: z.number().int().positive(),
  /** The node; null for journey-level counts (a run entered the journey, a goal was reached). */
  node: z.string().min(1).nullable(),
  /** entered / left a node; exited: a run ended at the node; converted: goal reached; failed: an effect of the node failed for good. */
  kind: z.enum(STATS_KINDS),
  /** Why a run ended (`exited`) or an effect failed. */
  reason: z.string().optional(),
  /** Epoch ms. */
  at: z.number(),
  /** Optional: the User DO's name (`workspace:userId`), recorded on entry so archiving can reach every user with runs. */
  user: z.string().min(1).optional(),
  /** How many times this delta happened (summed counters); 1 when absent. */
  count: z.number().int().positive().optional(),
});
export type StatsMessage = z.infer<typeof StatsMessage>;

export const StatsBatch = z.object({
  type: z.literal("stats"),
  counters: z.array(StatsMessage).max(1_000),
});
export type StatsBatch = z.infer<typeof StatsBatch>;
export type StatsKind = StatsMessage["kind"];
