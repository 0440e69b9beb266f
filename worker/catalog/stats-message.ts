/**
 * The message a User Durable Object puts on the STATS queue each time a run moves: consumed by
 * the Worker's queue() handler into per-node counters in D1 (GET /v1/admin/journeys/{id}/stats).
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
});
export type StatsMessage = z.infer<typeof StatsMessage>;
export type StatsKind = StatsMessage["kind"];
