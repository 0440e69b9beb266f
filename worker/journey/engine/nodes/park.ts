/** Parking a run on a timer: shared by every waiting node. */
import { note, type Context } from "../context.ts";
import { go, type Outcome } from "../outcome.ts";
import { formatAt } from "../time-text.ts";
import type { Millis } from "../../types.ts";

export interface ParkRequest {
  node: string;
  /** "timer" for plain waits, "event" for wait_for_event (the timer is its timeout). */
  type: "timer" | "event";
  /** The timer id (the key derived for this node execution). */
  timerId: string;
  at: Millis;
  /** How the wait reads in the trace, e.g. "wait 2h". */
  what: string;
  /** Where to go at once when `at` is not in the future (a zero-length wait). */
  branch: string;
  next: string;
}

/**
 * Parks the run until `at` (set_timer + waiting + trace), or, when `at` is already due, goes on
 * at once: a zero-length wait never needs a timer round-trip.
 */
export function parkUntil(ctx: Context, req: ParkRequest): Outcome {
  const tz = ctx.user.timeZone;
  if (req.at <= ctx.now) return go(req.branch, req.next, `${req.what}: already due at ${formatAt(req.at, tz)}`);
  ctx.run.waiting = { type: req.type, node: req.node, timerId: req.timerId, at: req.at };
  ctx.effects.push({ type: "set_timer", timerId: req.timerId, runId: ctx.run.id, at: req.at });
  note(ctx, { node: req.node, kind: "wait", reason: `${req.what}: until ${formatAt(req.at, tz)}` });
  return { type: "park" };
}
