/** Test fixtures for the engine: a fake UserView, journey builders and run drivers. */
import { matchesEvent } from "../../../worker/journey/filter/evaluate-filter.ts";
import { Journey } from "../../../worker/journey/schema/journey.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";
import type { JourneyNode } from "../../../worker/journey/schema/nodes.ts";
import type { Attributes, Effect, Input, Run, Step, UserEvent, UserView } from "../../../worker/journey/types.ts";
import { advance } from "../../../worker/journey/engine/advance.ts";
import { startRun } from "../../../worker/journey/engine/start-run.ts";

export const t = (iso: string): number => Date.parse(iso);

export interface FakeUser {
  userId?: string;
  attributes?: Attributes;
  timeZone?: string;
  segments?: string[];
  reachable?: Channel[];
  /** Past events, for has_done_event. */
  events?: UserEvent[];
  bestHour?: number;
}

/** A read-only user view over plain data. */
export function fakeUser(spec: FakeUser = {}): UserView {
  const attributes = spec.attributes ?? {};
  const timeZone = spec.timeZone ?? "UTC";
  return {
    userId: spec.userId ?? "u1",
    attributes,
    timeZone,
    bestHour: spec.bestHour,
    inSegment: (segment) => (spec.segments ?? []).includes(segment),
    reachable: (channel) => (spec.reachable ?? []).includes(channel),
    countEvents: ({ event, where, since }) =>
      (spec.events ?? []).filter(
        (e) => (since === undefined || e.at >= since) && matchesEvent({ event, where }, e, { attributes, timeZone, now: 0 }),
      ).length,
  };
}

/** A validated journey from nodes (start defaults to the first node id). */
export function journey(nodes: Record<string, JourneyNode>, extra: Partial<Journey> = {}): Journey {
  return Journey.parse({
    id: "j1",
    name: "Test journey",
    trigger: { type: "event", event: "Go" },
    start: Object.keys(nodes)[0],
    nodes,
    ...extra,
  });
}

export function event(name: string, at: number, properties: Attributes = {}): UserEvent {
  return { name, properties, at };
}

/** Starts a run at `now` (trigger "Go" unless given). */
export function start(def: Journey, now: number, user: UserView = fakeUser(), trigger?: UserEvent, key = ""): Step {
  return startRun({ definition: def, version: 1, runId: "r1", trigger: trigger ?? event("Go", now), key, now, user });
}

/** Feeds `input` to the run of `step` at `now`. */
export function feed(def: Journey, step: Step, input: Input, now: number, user: UserView = fakeUser()): Step {
  return advance(def, step.run, input, now, user);
}

/** The input that fires the timer the run is parked on (throws if it is not parked on one). */
export function fire(run: Run): Input {
  const w = run.waiting;
  if (w === null || w.type === "data") throw new Error(`run is not parked on a timer: ${JSON.stringify(w)}`);
  return { type: "timer", timerId: w.timerId };
}

/** The effects of one type. */
export function effectsOf<T extends Effect["type"]>(step: Step, type: T): Extract<Effect, { type: T }>[] {
  return step.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** Templates sent by a step, in order. */
export function sent(step: Step): string[] {
  return effectsOf(step, "send").map((e) => e.template);
}

/** Reasons in the trace, for readable assertions. */
export function reasons(step: Step): string[] {
  return step.trace.map((e) => e.reason);
}
