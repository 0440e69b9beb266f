/** What a node handler tells the graph runner to do next. */
import type { EndReason } from "../types.ts";

export type Outcome =
  /** Follow branch `branch` to node `next`; `reason` says why, for the trace. */
  | { type: "go"; branch: string; next: string; reason: string }
  /** The run is parked (the handler already set `run.waiting`, emitted its timer and traced it). */
  | { type: "park" }
  /** End the run here. */
  | { type: "end"; reason: EndReason; why: string };

/** Shorthand for a `go` outcome. */
export function go(branch: string, next: string, reason: string): Outcome {
  return { type: "go", branch, next, reason };
}
