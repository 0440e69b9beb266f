/**
 * `simulate()`: run one journey for one profile over an event timeline on virtual time, without
 * sending or storing anything. What `POST /v1/admin/simulate` calls, and what the seed-journey
 * tests drive. Pure: the clock is the timeline.
 *
 * Semantics (the live User Durable Object behaves the same way):
 * - Timeline items and due timers are processed in time order, up to and including `until`.
 *   At the same instant, timeline items come first (in input order), then timers (in the
 *   order they were set): an event exactly at a wait_for_event's timeout counts as in time.
 * - An event goes to every active run (exit rules, wait_for_event) and to ended runs whose goal
 *   window is open, then to the triggers (entry rules decide; run ids are sim-1, sim-2, …).
 * - Trait changes (timeline `traits` items and update_attribute effects) apply to the profile,
 *   reach runs parked in a wait_until as an `attributes` input, then fire attribute triggers.
 * - Segments in `options.segments` are re-evaluated after every event and trait change and at
 *   their `changesAt` instants; entering or leaving fires segment triggers. `in_segment`
 *   answers from the same evaluation, `has_done_event` from the timeline so far.
 * - Activity before the timeline: the `last_seen` trait if given, else the user is first seen at
 *   `start`. Timeline items before `start` are history: recorded, but they trigger nothing.
 * - fetch_data succeeds at once with empty data; webhooks and audiences are recorded as effects.
 *   Frequency caps and quiet hours are not applied (they belong to delivery, not the journey).
 * - Sends to a channel that does not reach the user are listed with status "suppressed".
 * - More than MAX_SIMULATION_STEPS engine calls stop the simulation: ended "simulation_limit".
 *
 * @throws SimulationInputError (with `path`) for a time or timeline item that does not parse.
 * @example
 * simulate(cartAbandonment, { userId: "u1", traits: { email: "a@example.com", cart_items: 1 } },
 *   [{ at: "2024-05-01T10:00:00Z", event: "Added To Cart" }], { until: "2024-05-02T00:00:00Z" })
 * // { path: ["wait_checkout", "cart_not_empty", …], messages: [{ at: "2024-05-01T12:00:00.000Z", channel: "email", … }], … }
 */
import type { Journey } from "../schema/journey.ts";
import type { Run } from "../types.ts";
import { SimUser } from "./sim-user.ts";
import { Simulation } from "./simulation.ts";
import { checkProfile, parseTime, readTimeline, type TimedItem } from "./timeline.ts";
import type { SimulatedRun, SimulationOptions, SimulationProfile, SimulationResult, TimelineItem } from "./types.ts";

const iso = (at: number): string => new Date(at).toISOString();

/**
 * Simulates `definition` for `profile` over `timeline` until `options.until` (see the module
 * header for the exact semantics). Pure: same inputs, same result.
 */
export function simulate(
  definition: Journey,
  profile: SimulationProfile,
  timeline: readonly TimelineItem[],
  options: SimulationOptions,
): SimulationResult {
  checkProfile(profile);
  const items = readTimeline(timeline);
  const until = parseTime(options.until, "until");
  const start = options.start === undefined ? Math.min(items[0]?.at ?? until, until) : parseTime(options.start, "start");
  const user = new SimUser({ ...profile, traits: profile.traits ?? {} }, options.segments ?? [], start);
  const sim = new Simulation(definition, user, options.version ?? 1);

  const history = items.filter((item) => item.at < start);
  for (const item of history) applyHistory(user, item);
  sim.initSegments(start);

  const live = items.filter((item) => item.at >= start && item.at <= until);
  let next = 0;
  while (sim.stoppedAt === null) {
    const item = live[next];
    const timerAt = sim.timers.nextAt();
    const due = timerAt !== null && timerAt <= until ? timerAt : null;
    if (item !== undefined && (due === null || item.at <= due)) {
      next += 1;
      if (item.type === "event") sim.event({ name: item.name, properties: item.properties, at: item.at, id: `timeline-${item.index}` });
      else sim.traits(item.traits, item.at);
    } else if (due !== null) {
      const timer = sim.timers.popDue(due);
      if (timer !== null) sim.timer(timer);
    } else break;
  }

  const runs = [...sim.runs.values()];
  return {
    ...sim.out,
    runs: runs.map(describeRun),
    ended: sim.stoppedAt !== null ? { at: iso(sim.stoppedAt), reason: "simulation_limit" } : lastEnd(runs),
    traits: { ...user.traits },
  };
}

function applyHistory(user: SimUser, item: TimedItem): void {
  if (item.type === "event") user.record({ name: item.name, properties: item.properties, at: item.at, id: `timeline-${item.index}` });
  else user.setTraits(item.traits);
}

function lastEnd(runs: Run[]): SimulationResult["ended"] {
  const last = runs.at(-1);
  if (last === undefined || last.status !== "ended" || last.endedAt === undefined) return null;
  return { at: iso(last.endedAt), reason: last.endReason ?? "completed" };
}

function describeRun(run: Run): SimulatedRun {
  return {
    id: run.id,
    key: run.key,
    enteredAt: iso(run.enteredAt),
    trigger: run.trigger.name,
    ...(run.endedAt === undefined ? {} : { endedAt: iso(run.endedAt) }),
    ...(run.endReason === undefined ? {} : { endReason: run.endReason }),
    ...(run.goalAt === undefined ? {} : { goalAt: iso(run.goalAt) }),
  };
}
