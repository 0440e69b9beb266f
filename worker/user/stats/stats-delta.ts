/**
 * Per-journey statistics deltas, emitted after each commit for the admin API to aggregate
 * (`GET /v1/admin/journeys/{id}/stats`). Best effort: a crash between commit and send loses them.
 *
 * Kinds, per journey + version + node:
 * - `entered` — a run entered `node`; with `node: null`, a run entered the journey.
 * - `left` — a run left `node` along a branch.
 * - `exited` — a run ended at `node` (`reason` says why; `node` null if it ended before any node).
 * - `converted` — a run reached the journey's goal (`node: null`).
 * - `failed` — an outbox effect (send, webhook, audience) of `node` failed for good.
 * Waiting now at a node = entered − left − exited.
 */
import type { Millis } from "../../journey/types.ts";

export interface StatsDelta {
  workspace: string;
  journeyId: string;
  version: number;
  node: string | null;
  kind: "entered" | "left" | "converted" | "failed" | "exited";
  at: Millis;
  reason?: string;
  /** On journey-level `entered` only: the User Durable Object's name, so archiving can reach users with runs. */
  user?: string;
}
