/** Starting a run: build it from the entry decision and advance it from the journey's start. */
import type { Journey } from "../schema/journey.ts";
import type { Millis, Run, Step, UserEvent, UserView } from "../types.ts";
import { advance } from "./advance.ts";
import { shiftBy } from "./time-text.ts";

export interface StartRunArgs {
  definition: Journey;
  version: number;
  runId: string;
  trigger: UserEvent;
  /** From `decideEntry`. */
  key: string;
  now: Millis;
  user: UserView;
}

/**
 * Builds a fresh active run (goal window open until entry + `goal.within`, in the user's zone)
 * and advances it with `{ type: "start" }`. Pure, like `advance`.
 */
export function startRun(args: StartRunArgs): Step {
  const { definition, now, user } = args;
  const goalUntil = definition.goal === undefined ? null : shiftBy(now, definition.goal.within, user.timeZone);
  const run: Run = {
    id: args.runId,
    journeyId: definition.id,
    version: args.version,
    userId: user.userId,
    key: args.key,
    status: "active",
    trigger: args.trigger,
    enteredAt: now,
    waiting: null,
    data: {},
    seq: 0,
    path: [],
    ...(goalUntil === null ? {} : { goalUntil }),
  };
  return advance(definition, run, { type: "start" }, now, user);
}
