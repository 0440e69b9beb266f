/**
 * Engine benchmark (`npm run bench:engine`): advance() calls per second over the ten seed
 * journeys, against a baseline measured in the same process on the same data.
 *
 * Workload: for each seed journey and each of four user variants (reachable everywhere or
 * nowhere × in every segment or none), a run is started from the journey's first trigger and
 * driven to its end the way the Durable Object drives it: an unrelated event while it waits
 * (the common "ignored" path), then its timer, or the fetch result it waits for. Every
 * (run, input, now) pair is recorded, then replayed in a loop through advance().
 *
 * Baseline: a JSON round trip of the same run (`JSON.parse(JSON.stringify(run))`), the least
 * work any step must do when the runtime loads and saves a run. The ratio says how many
 * baseline clones one advance() costs. Nothing here is asserted: speed is measured, not tested.
 */
import { readdirSync, readFileSync } from "node:fs";
import { advance, startRun } from "../worker/journey/engine/index.ts";
import type { Journey } from "../worker/journey/schema/journey.ts";
import type { Trigger } from "../worker/journey/schema/triggers.ts";
import type { Input, Run, Step, UserEvent, UserView } from "../worker/journey/types.ts";

interface Call {
  definition: Journey;
  run: Run;
  input: Input;
  now: number;
  user: UserView;
}

const START = Date.parse("2024-06-01T09:00:00Z");
const MAX_CALLS_PER_RUN = 60;
const traits = {
  email: "ada@example.com", phone: "+14155550100", sms_opt_in: true, parent_phone: "+14155550101",
  cart_items: 2, score: -20, subscription_status: "active", emi_due_date: "2024-07-15", first_name: "Ada",
};

function loadJourneys(): Journey[] {
  const dir = new URL("../examples/journeys/", import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")) as Journey);
}

function userView(reachable: boolean, member: boolean): UserView {
  return {
    userId: "bench-user", attributes: traits, timeZone: "Europe/Paris", bestHour: 10,
    inSegment: () => member, reachable: () => reachable, countEvents: () => (member ? 3 : 0),
  };
}

function triggerOf(trigger: Trigger | undefined, at: number): UserEvent {
  switch (trigger?.type) {
    case "segment": return { name: "Segment Entered", properties: { segment: trigger.segment }, at };
    case "attribute": return { name: "Attribute Changed", properties: { attribute: trigger.attribute, value: -110 }, at };
    case "event": return { name: trigger.event, properties: { course_id: "c1", category: "shoes" }, at, id: "trigger-1" };
    default: return { name: "Journey Entered", properties: {}, at };
  }
}

/** Drives one run to its end (or the cap), recording every advance() call. */
function record(definition: Journey, user: UserView, calls: Call[]): void {
  const trigger = triggerOf(definition.trigger ?? definition.triggers?.[0], START);
  let step: Step = startRun({ definition, version: 1, runId: `r-${calls.length}`, trigger, key: "", now: START, user });
  for (let n = 0; n < MAX_CALLS_PER_RUN && step.run.status === "active"; n++) {
    const run = step.run;
    const waiting = run.waiting;
    if (waiting === null) break;
    let input: Input;
    let now: number;
    if (waiting.type === "data") {
      input = { type: "data", requestKey: waiting.requestKey, ok: true, data: { items: [1, 2, 3] } };
      now = START + n;
    } else if (n % 2 === 0) {
      now = Math.min(waiting.at - 1, START + n * 60_000);
      input = { type: "event", event: { name: "Page Viewed", properties: { path: "/" }, at: now } };
    } else {
      input = { type: "timer", timerId: waiting.timerId };
      now = waiting.at;
    }
    calls.push({ definition, run, input, now, user });
    step = advance(definition, run, input, now, user);
  }
}

function measure(label: string, calls: readonly Call[], fn: (c: Call) => unknown, minMs = 1500): number {
  for (let i = 0; i < 3; i++) for (const c of calls) fn(c); // warm-up
  let done = 0;
  const t0 = performance.now();
  let elapsed = 0;
  let sink = 0;
  while (elapsed < minMs) {
    for (const c of calls) if (fn(c) !== undefined) sink++;
    done += calls.length;
    elapsed = performance.now() - t0;
  }
  const perSecond = (done / elapsed) * 1000;
  console.log(`${label.padEnd(34)} ${Math.round(perSecond).toLocaleString("en-US").padStart(12)} calls/s  (${done.toLocaleString("en-US")} calls, ${sink > 0 ? "ok" : "?"})`);
  return perSecond;
}

const journeys = loadJourneys();
const calls: Call[] = [];
for (const definition of journeys) {
  for (const reachable of [true, false]) for (const member of [true, false]) record(definition, userView(reachable, member), calls);
}
const byInput = new Map<string, number>();
for (const c of calls) byInput.set(c.input.type, (byInput.get(c.input.type) ?? 0) + 1);
console.log(`Engine benchmark: ${journeys.length} seed journeys, ${calls.length} recorded advance() calls (${[...byInput].map(([k, v]) => `${v} ${k}`).join(", ")}), Node ${process.version}`);

const engine = measure("advance()", calls, (c) => advance(c.definition, c.run, c.input, c.now, c.user));
const baseline = measure("baseline: JSON clone of the run", calls, (c) => JSON.parse(JSON.stringify(c.run)) as unknown);
console.log(`ratio advance()/baseline: ${(engine / baseline).toFixed(2)} (one advance() costs ${(baseline / engine).toFixed(1)} JSON clones of the run)`);
