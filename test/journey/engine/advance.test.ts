import { describe, expect, it } from "vitest";
import { advance } from "../../../worker/journey/engine/advance.ts";
import { MAX_PATH } from "../../../worker/journey/engine/context.ts";
import type { JourneyNode } from "../../../worker/journey/schema/nodes.ts";
import type { Run } from "../../../worker/journey/types.ts";
import { effectsOf, event, fakeUser, feed, fire, journey, reasons, sent, start, t } from "./helpers.ts";

const T0 = t("2024-06-03T10:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const waitThenSend = journey(
  {
    w: { type: "wait", duration: "1d", next: "s" },
    s: { type: "send", channel: "email", template: "hello", next: "e" },
    e: { type: "end" },
  },
  {
    exit: { events: [{ event: "Unsubscribed" }, { event: "Order Completed", where: { property: "total", op: "gt", value: 0 } }] },
    goal: { event: "Order Completed", within: "3d" },
  },
);

describe("exit events", () => {
  const s1 = start(waitThenSend, T0);

  it("end the run wherever it waits, cancel its timer, and later timers are ignored", () => {
    const s2 = feed(waitThenSend, s1, { type: "event", event: event("Unsubscribed", T0 + HOUR) }, T0 + HOUR);
    expect(s2.effects).toEqual([
      { type: "cancel_timer", timerId: "r1:1" },
      { type: "run_ended", runId: "r1", journeyId: "j1", version: 1, node: "w", reason: "exit_event", at: T0 + HOUR },
    ]);
    expect(s2.run).toMatchObject({ status: "ended", endReason: "exit_event", endedAt: T0 + HOUR, waiting: null });
    const late = feed(waitThenSend, s2, fire(s1.run), T0 + DAY);
    expect(late.effects).toEqual([]);
    expect(late.run).toEqual(s2.run);
    expect(late.trace).toMatchObject([{ kind: "ignored", reason: "timer r1:1 ignored: the run has ended" }]);
  });

  it("respect their where", () => {
    const s2 = feed(waitThenSend, s1, { type: "event", event: event("Order Completed", T0 + HOUR, { total: 0 }) }, T0 + HOUR);
    expect(s2.run.status).toBe("active");
    expect(effectsOf(s2, "cancel_timer")).toEqual([]);
  });

  it("end a run waiting for fetched data", () => {
    const def = journey(
      { f: { type: "fetch_data", url: "https://x.example", store_as: "x", on_error: "continue", next: "e" }, e: { type: "end" } },
      { exit: { events: [{ event: "Unsubscribed" }] } },
    );
    const r1 = start(def, T0);
    const r2 = feed(def, r1, { type: "event", event: event("Unsubscribed", T0 + 1) }, T0 + 1);
    expect(r2.run.endReason).toBe("exit_event");
    expect(feed(def, r2, { type: "data", requestKey: "r1:1", ok: true, data: 1 }, T0 + 2).effects).toEqual([]);
  });
});

describe("goals", () => {
  const s1 = start(waitThenSend, T0);
  const ended = feed(waitThenSend, s1, fire(s1.run), T0 + DAY);

  it("open a window of goal.within from entry", () => {
    expect(s1.run.goalUntil).toBe(T0 + 3 * DAY);
  });

  it("count a conversion after the run ended, within the window, once", () => {
    expect(ended.run.status).toBe("ended");
    const at = T0 + 2 * DAY;
    const g = feed(waitThenSend, ended, { type: "event", event: event("Order Completed", at, { total: 10 }) }, at);
    expect(g.effects).toEqual([{ type: "goal_reached", runId: "r1", journeyId: "j1", version: 1, at, event: "Order Completed" }]);
    expect(g.run.goalAt).toBe(at);
    expect(g.trace).toMatchObject([{ kind: "goal", reason: "goal reached: Order Completed within 3d of entry" }]);
    const again = feed(waitThenSend, g, { type: "event", event: event("Order Completed", at + 1) }, at + 1);
    expect(again.effects).toEqual([]);
  });

  it("do not count a conversion after the window", () => {
    const at = T0 + 3 * DAY + 1;
    const g = feed(waitThenSend, ended, { type: "event", event: event("Order Completed", at) }, at);
    expect(g.effects).toEqual([]);
    expect(g.run.goalAt).toBeUndefined();
  });

  it("on an active run, a goal event that is also an exit both converts and ends it", () => {
    const at = T0 + HOUR;
    const g = feed(waitThenSend, s1, { type: "event", event: event("Order Completed", at, { total: 5 }) }, at);
    expect(g.effects.map((e) => e.type)).toEqual(["goal_reached", "cancel_timer", "run_ended"]);
  });

  it("ignore events for another key", () => {
    const keyed = journey(waitThenSend.nodes, { ...waitThenSend, entry: { key: "order_id" } });
    const r1 = start(keyed, T0, fakeUser(), event("Go", T0, { order_id: 7 }), "7");
    const other = feed(keyed, r1, { type: "event", event: event("Order Completed", T0 + 1, { order_id: 8, total: 1 }) }, T0 + 1);
    expect(other.effects).toEqual([]);
    const mine = feed(keyed, r1, { type: "event", event: event("Order Completed", T0 + 1, { order_id: 7, total: 1 }) }, T0 + 1);
    expect(effectsOf(mine, "goal_reached")).toHaveLength(1);
  });
});

describe("keyed runs: an event carrying another key value", () => {
  const graph = {
    w: { type: "wait_for_event", event: "Course Started", timeout: "2d", next: "s", timeout_next: "e" },
    s: { type: "send", channel: "email", template: "hello", next: "e" },
    e: { type: "end" },
  } satisfies Record<string, JourneyNode>;
  /** A journey keyed by course_id whose wait, goal and exit hear `scope` key values. */
  const keyed = (scope: "same" | "any") =>
    journey(
      { ...graph, w: { ...graph.w, key: scope } },
      { entry: { key: "course_id" }, goal: { event: "Course Started", within: "9d", key: scope }, exit: { events: [{ event: "Unsubscribed", key: scope }] } },
    );
  const begin = (def: ReturnType<typeof keyed>) => start(def, T0, fakeUser(), event("Go", T0, { course_id: "ts-101" }), "ts-101");
  const other = (name: string) => ({ type: "event" as const, event: event(name, T0 + HOUR, { course_id: "py-201" }) });

  it('reaches a wait_for_event and the goal that say key "any": the run resumes and converts', () => {
    const def = keyed("any");
    const step = feed(def, begin(def), other("Course Started"), T0 + HOUR);
    expect(sent(step)).toEqual(["hello"]);
    expect(effectsOf(step, "goal_reached")).toHaveLength(1);
  });

  it('ends the run through an exit event that says key "any"', () => {
    const def = keyed("any");
    expect(feed(def, begin(def), other("Unsubscribed"), T0 + HOUR).run.endReason).toBe("exit_event");
  });

  it('is ignored, with a trace, by listeners that say key "same" (the default)', () => {
    const def = keyed("same");
    const started = feed(def, begin(def), other("Course Started"), T0 + HOUR);
    expect([started.effects, started.run.waiting?.node, started.run.goalAt]).toEqual([[], "w", undefined]);
    expect(reasons(started)).toEqual(['Course Started is for course_id "py-201", not this run\'s "ts-101"']);
    expect(feed(def, begin(def), other("Unsubscribed"), T0 + HOUR).run.status).toBe("active");
  });

  it("without the key property reaches every listener, whatever its key scope", () => {
    const def = keyed("same");
    const step = feed(def, begin(def), { type: "event", event: event("Course Started", T0 + HOUR) }, T0 + HOUR);
    expect(sent(step)).toEqual(["hello"]);
  });

  it('mixed scopes: a goal with key "any" converts while a "same"-key exit on the same event leaves the run alone', () => {
    const def = journey(graph, {
      entry: { key: "course_id" },
      goal: { event: "Course Started", within: "9d", key: "any" },
      exit: { events: [{ event: "Course Started" }] },
    });
    const step = feed(def, begin(def), other("Course Started"), T0 + HOUR);
    expect(effectsOf(step, "goal_reached")).toHaveLength(1);
    expect(step.run.status).toBe("active");
  });
});

describe("archive", () => {
  it("ends the run archived and cancels its timer", () => {
    const s1 = start(waitThenSend, T0);
    const s2 = feed(waitThenSend, s1, { type: "archive" }, T0 + 5);
    expect(s2.effects).toEqual([
      { type: "cancel_timer", timerId: "r1:1" },
      { type: "run_ended", runId: "r1", journeyId: "j1", version: 1, node: "w", reason: "archived", at: T0 + 5 },
    ]);
  });
});

describe("timers", () => {
  it("a stale timer id is ignored with a trace", () => {
    const s1 = start(waitThenSend, T0);
    const s2 = feed(waitThenSend, s1, { type: "timer", timerId: "r1:0" }, T0 + DAY);
    expect(s2.run).toEqual(s1.run);
    expect(s2.effects).toEqual([]);
    expect(s2.trace).toMatchObject([{ kind: "ignored", node: "w", reason: "timer r1:0 ignored: the run is not waiting on it (stale timer)" }]);
  });
});

describe("loop guard", () => {
  it("ends a run that loops without a real wait after 100 node executions", () => {
    const def = journey({
      a: { type: "wait", duration: "0s", next: "b" },
      b: { type: "update_attribute", attribute: "n", increment: 1, next: "a" },
    });
    const step = start(def, T0);
    expect(step.run).toMatchObject({ status: "ended", endReason: "loop_guard" });
    expect(effectsOf(step, "update_attribute")).toHaveLength(50);
    expect(step.trace.filter((e) => e.kind === "entered")).toHaveLength(100);
    expect(reasons(step).at(-1)).toBe("run ended (loop_guard): stopped before a: 100 steps in a row without waiting (a loop with no real wait)");
  });

  it("counts per call: a loop through a real wait runs on", () => {
    const def = journey({
      a: { type: "wait", duration: "1m", next: "b" },
      b: { type: "send", channel: "in_app", template: "ping", next: "a" },
    });
    let step = start(def, T0);
    for (let i = 1; i <= 120; i++) step = feed(def, step, fire(step.run), T0 + i * 60_000);
    expect(step.run.status).toBe("active");
    expect(step.run.path).toHaveLength(MAX_PATH);
    expect(step.run.seq).toBe(241);
  });
});

describe("invalid graph", () => {
  it("a branch to a missing node ends the run invalid_node", () => {
    const def = journey({ s: { type: "send", channel: "email", template: "x", next: "nowhere" } });
    const step = start(def, T0);
    expect(step.run.endReason).toBe("invalid_node");
    expect(effectsOf(step, "run_ended")[0]?.node).toBe("s");
    expect(reasons(step).at(-1)).toContain('node "nowhere" does not exist');
  });
});

describe("purity", () => {
  it("replaying the same input on the same state gives a deep-equal step", () => {
    const user = fakeUser({ attributes: { cart_items: 2 } });
    const s1 = start(waitThenSend, T0, user);
    const a = advance(waitThenSend, s1.run, fire(s1.run), T0 + DAY, user);
    const b = advance(waitThenSend, s1.run, fire(s1.run), T0 + DAY, user);
    expect(a).toEqual(b);
    expect(start(waitThenSend, T0, user)).toEqual(s1);
  });

  it("never mutates the run it is given", () => {
    const s1 = start(waitThenSend, T0);
    const frozen: Run = structuredClone(s1.run);
    feed(waitThenSend, s1, fire(s1.run), T0 + DAY);
    feed(waitThenSend, s1, { type: "event", event: event("Unsubscribed", T0 + 1) }, T0 + 1);
    expect(s1.run).toEqual(frozen);
  });

  it("a second start is ignored", () => {
    const s1 = start(waitThenSend, T0);
    const s2 = feed(waitThenSend, s1, { type: "start" }, T0 + 1);
    expect(s2.effects).toEqual([]);
    expect(s2.run).toEqual(s1.run);
  });
});
