import { describe, expect, it } from "vitest";
import type { Journey } from "../../../worker/journey/schema/journey.ts";
import type { Segment } from "../../../worker/journey/schema/segment.ts";
import { MAX_SIMULATION_STEPS, SimulationInputError, simulate } from "../../../worker/journey/simulate/index.ts";
import type { SimulationProfile, SimulationResult } from "../../../worker/journey/simulate/index.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";

const user = { userId: "u1", traits: { email: "ada@example.com" } };
const sent = (r: SimulationResult): string[] => r.messages.map((m) => `${m.runId} ${m.template} @ ${m.at}`);

const waitForOrder: Journey = {
  id: "wait-order",
  name: "Wait for an order",
  trigger: { type: "event", event: "Signed Up" },
  goal: { event: "Order Completed", within: "3d" },
  start: "wait",
  nodes: {
    wait: { type: "wait_for_event", event: "Order Completed", timeout: "1h", next: "thanks", timeout_next: "nudge" },
    thanks: { type: "send", channel: "email", template: "thanks", next: "end" },
    nudge: { type: "send", channel: "email", template: "nudge", next: "end" },
    end: { type: "end" },
  },
};
const signedUp = { at: "2024-01-01T00:00:00Z", event: "Signed Up" };

describe("simulate: ordering and time", () => {
  it("an event at exactly the timeout instant is processed before the timer", () => {
    const r = simulate(waitForOrder, user, [signedUp, { at: "2024-01-01T01:00:00Z", event: "Order Completed" }], { until: "2024-01-02T00:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 thanks @ 2024-01-01T01:00:00.000Z"]);
  });

  it("one millisecond later, the timeout has already fired", () => {
    const r = simulate(waitForOrder, user, [signedUp, { at: "2024-01-01T01:00:00.001Z", event: "Order Completed" }], { until: "2024-01-02T00:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 nudge @ 2024-01-01T01:00:00.000Z"]);
    expect(r.runs[0]?.goalAt).toBe("2024-01-01T01:00:00.001Z");
  });

  it("timeline order does not matter: items are sorted by time (ties keep input order)", () => {
    const r = simulate(waitForOrder, user, [{ at: Date.parse("2024-01-01T00:30:00Z"), event: "Order Completed" }, signedUp], { until: "2024-01-02T00:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 thanks @ 2024-01-01T00:30:00.000Z"]);
  });

  it("until cuts off: a timer after it never fires, the run is still active, ended is null", () => {
    const r = simulate(waitForOrder, user, [signedUp, { at: "2024-01-01T02:00:00Z", event: "Order Completed" }], { until: "2024-01-01T00:59:59Z" });
    expect(r.messages).toEqual([]);
    expect(r.ended).toBeNull();
    expect(r.runs).toEqual([{ id: "sim-1", key: "", trigger: "Signed Up", enteredAt: "2024-01-01T00:00:00.000Z" }]);
  });

  it("a timer due exactly at until fires", () => {
    const r = simulate(waitForOrder, user, [signedUp], { until: "2024-01-01T01:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 nudge @ 2024-01-01T01:00:00.000Z"]);
    expect(r.ended).toEqual({ at: "2024-01-01T01:00:00.000Z", reason: "completed" });
  });

  it("goals count after the run ended, but only within the window", () => {
    const late = simulate(waitForOrder, user, [signedUp, { at: "2024-01-04T00:00:01Z", event: "Order Completed" }], { until: "2024-01-05T00:00:00Z" });
    expect(late.runs[0]?.goalAt).toBeUndefined();
    const inTime = simulate(waitForOrder, user, [signedUp, { at: "2024-01-03T23:00:00Z", event: "Order Completed" }], { until: "2024-01-05T00:00:00Z" });
    expect(inTime.runs[0]).toMatchObject({ endReason: "completed", endedAt: "2024-01-01T01:00:00.000Z", goalAt: "2024-01-03T23:00:00.000Z" });
    expect(inTime.effects.filter(({ effect }) => effect.type === "goal_reached").map(({ at }) => at)).toEqual(["2024-01-03T23:00:00.000Z"]);
  });

  it("items before start are history: counted, but they start nothing", () => {
    const counted: Journey = {
      id: "counted",
      name: "Counted",
      trigger: { type: "event", event: "Signed Up" },
      start: "often",
      nodes: {
        often: { type: "has_done_event", event: "Signed Up", count: { op: "gte", value: 2 }, yes: "a", no: "b" },
        a: { type: "send", channel: "email", template: "again", next: "end" },
        b: { type: "send", channel: "email", template: "first", next: "end" },
        end: { type: "end" },
      },
      entry: { reentry: "always" },
    };
    const r = simulate(counted, user, [{ at: "2023-12-01T00:00:00Z", event: "Signed Up" }, signedUp], { start: "2024-01-01T00:00:00Z", until: "2024-01-02T00:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 again @ 2024-01-01T00:00:00.000Z"]);
  });
});

describe("simulate: runs and triggers", () => {
  const perCart: Journey = {
    id: "per-cart",
    name: "Per cart",
    trigger: { type: "event", event: "Added To Cart" },
    entry: { reentry: "always", key: "cart_id" },
    exit: { events: [{ event: "Order Completed" }] },
    start: "wait",
    nodes: {
      wait: { type: "wait", duration: "2h", next: "remind" },
      remind: { type: "send", channel: "email", template: "remind", next: "end" },
      end: { type: "end" },
    },
  };

  it("keyed runs run side by side, and a keyed exit event ends only its own run", () => {
    const timeline = [
      { at: "2024-01-01T10:00:00Z", event: "Added To Cart", properties: { cart_id: "A" } },
      { at: "2024-01-01T10:30:00Z", event: "Added To Cart", properties: { cart_id: "B" } },
      { at: "2024-01-01T10:45:00Z", event: "Added To Cart", properties: { cart_id: "A" } },
      { at: "2024-01-01T11:00:00Z", event: "Order Completed", properties: { cart_id: "A" } },
    ];
    const r = simulate(perCart, user, timeline, { until: "2024-01-02T00:00:00Z" });
    expect(r.runs.map((run) => [run.id, run.key, run.endReason])).toEqual([
      ["sim-1", "A", "exit_event"],
      ["sim-2", "B", "completed"],
    ]);
    expect(sent(r)).toEqual(["sim-2 remind @ 2024-01-01T12:30:00.000Z"]);
    expect(r.trace.some((t) => t.runId === "" && t.reason.includes("already active"))).toBe(true);
  });

  it("path and messages interleave runs in time order", () => {
    const timeline = [
      { at: "2024-01-01T10:00:00Z", event: "Added To Cart", properties: { cart_id: "A" } },
      { at: "2024-01-01T11:00:00Z", event: "Added To Cart", properties: { cart_id: "B" } },
    ];
    const r = simulate(perCart, user, timeline, { until: "2024-01-02T00:00:00Z" });
    expect(r.path).toEqual(["wait", "wait", "remind", "end", "remind", "end"]);
    expect(sent(r)).toEqual(["sim-1 remind @ 2024-01-01T12:00:00.000Z", "sim-2 remind @ 2024-01-01T13:00:00.000Z"]);
  });

  const vip: Journey = {
    id: "vip",
    name: "VIP",
    trigger: { type: "attribute", attribute: "tier", where: { attribute: "tier", op: "eq", value: "gold" } },
    entry: { reentry: "always" },
    start: "welcome",
    nodes: {
      welcome: { type: "send", channel: "email", template: "gold", next: "bump" },
      bump: { type: "update_attribute", attribute: "vip_welcomes", increment: 1, next: "end" },
      end: { type: "end" },
    },
  };

  it("trait changes fire attribute triggers with where on the new value; update_attribute changes the profile", () => {
    const timeline = [
      { at: "2024-01-01T10:00:00Z", traits: { tier: "silver" } },
      { at: "2024-01-02T10:00:00Z", traits: { tier: "gold" } },
      { at: "2024-01-03T10:00:00Z", traits: { tier: "gold" } }, // unchanged: no signal
      { at: "2024-01-04T10:00:00Z", traits: { tier: null } },
      { at: "2024-01-05T10:00:00Z", traits: { tier: "gold" } },
    ];
    const r = simulate(vip, user, timeline, { until: "2024-01-06T00:00:00Z" });
    expect(sent(r)).toEqual(["sim-1 gold @ 2024-01-02T10:00:00.000Z", "sim-2 gold @ 2024-01-05T10:00:00.000Z"]);
    expect(r.traits).toEqual({ email: "ada@example.com", tier: "gold", vip_welcomes: 2 });
  });

  it("a runaway journey is stopped by the step limit", () => {
    const ticker: Journey = {
      id: "ticker",
      name: "Ticker",
      trigger: { type: "event", event: "Go" },
      start: "tick",
      nodes: { tick: { type: "wait", duration: "1s", next: "tick" } },
    };
    const r = simulate(ticker, user, [{ at: "2024-01-01T00:00:00Z", event: "Go" }], { until: "2024-01-02T00:00:00Z" });
    // One startRun, then one advance per second: the limit is reached after MAX_SIMULATION_STEPS - 1 ticks.
    expect(r.ended).toEqual({ at: new Date(Date.parse("2024-01-01T00:00:00Z") + MAX_SIMULATION_STEPS * 1000).toISOString(), reason: "simulation_limit" });
    expect(r.runs).toHaveLength(1);
  });
});

describe("simulate: segments", () => {
  const dormant: Segment = { id: "dormant", name: "Dormant", inactive_for: "30d" };
  const winBack: Journey = {
    id: "win-back",
    name: "Win back",
    trigger: { type: "segment", segment: "dormant", on: "enter" },
    entry: { reentry: "always" },
    start: "still",
    nodes: {
      still: { type: "in_segment", segment: "dormant", yes: "mail", no: "end" },
      mail: { type: "send", channel: "email", template: "miss-you", next: "end" },
      end: { type: "end" },
    },
  };

  it("a segment timer fires exactly at changesAt: 30 days after the last event, to the millisecond", () => {
    const timeline = [{ at: "2024-01-01T08:00:00.250Z", event: "Page Viewed" }];
    const r = simulate(winBack, user, timeline, { until: "2024-03-01T00:00:00Z", segments: [dormant] });
    expect(r.segmentChanges).toEqual([{ at: "2024-01-31T08:00:00.250Z", segment: "dormant", on: "enter" }]);
    expect(sent(r)).toEqual(["sim-1 miss-you @ 2024-01-31T08:00:00.250Z"]);
  });

  it("new activity moves the timer; leaving and re-entering fires again", () => {
    const timeline = [
      { at: "2024-01-01T08:00:00Z", event: "Page Viewed" },
      { at: "2024-01-20T08:00:00Z", event: "Page Viewed" },
      { at: "2024-03-01T08:00:00Z", event: "Page Viewed" },
    ];
    const r = simulate(winBack, user, timeline, { until: "2024-04-15T00:00:00Z", segments: [dormant] });
    expect(r.segmentChanges.map((c) => `${c.on} ${c.at}`)).toEqual([
      "enter 2024-02-19T08:00:00.000Z",
      "exit 2024-03-01T08:00:00.000Z",
      "enter 2024-03-31T08:00:00.000Z",
    ]);
    expect(r.runs.map((run) => run.enteredAt)).toEqual(["2024-02-19T08:00:00.000Z", "2024-03-31T08:00:00.000Z"]);
  });

  it("without events, last_seen in the traits is the last activity; a member at start is not 'entering'", () => {
    const seen = { userId: "u1", traits: { email: "a@example.com", last_seen: "2023-12-15T00:00:00Z" } };
    const r = simulate(winBack, seen, [], { start: "2024-01-01T00:00:00Z", until: "2024-02-01T00:00:00Z", segments: [dormant] });
    expect(r.segmentChanges).toEqual([{ at: "2024-01-14T00:00:00.000Z", segment: "dormant", on: "enter" }]);
    const already = simulate(winBack, seen, [], { start: "2024-01-20T00:00:00Z", until: "2024-02-01T00:00:00Z", segments: [dormant] });
    expect(already.runs).toEqual([]);
  });

  it("an undefined segment is never a member", () => {
    const r = simulate({ ...winBack, trigger: { type: "event", event: "Ping" } }, user, [{ at: "2024-01-01T00:00:00Z", event: "Ping" }], { until: "2024-01-02T00:00:00Z" });
    expect(r.path).toEqual(["still", "end"]);
  });
});

describe("simulate: effects and reachability", () => {
  const everything: Journey = {
    id: "everything",
    name: "Everything",
    trigger: { type: "event", event: "Go" },
    start: "fetch",
    nodes: {
      fetch: { type: "fetch_data", url: "https://api.example.com/x", store_as: "x", on_error: "end", next: "hook" },
      hook: { type: "webhook", url: "https://hooks.example.com/y", next: "aud" },
      aud: { type: "audience", provider: "facebook", audience: "lookalike", op: "add", next: "push" },
      push: { type: "send", channel: "web_push", template: "p", next: "mail" },
      mail: { type: "send", channel: "email", template: "m", next: "end" },
      end: { type: "end" },
    },
  };

  it("fetch_data succeeds at once with empty data; webhook and audience are only recorded", () => {
    const r = simulate(everything, user, [{ at: "2024-01-01T00:00:00Z", event: "Go" }], { until: "2024-01-01T00:00:00Z" });
    expect(r.effects.map(({ effect }) => effect.type)).toEqual(["fetch_data", "webhook", "audience", "send", "send", "run_ended"]);
    expect(r.ended).toEqual({ at: "2024-01-01T00:00:00.000Z", reason: "completed" });
  });

  it("sends to a channel that cannot reach the user are listed as suppressed; profile.reachable overrides traits", () => {
    const r = simulate(everything, user, [{ at: "2024-01-01T00:00:00Z", event: "Go" }], { until: "2024-01-01T00:00:00Z" });
    expect(r.messages.map((m) => `${m.channel} ${m.status}`)).toEqual(["web_push suppressed", "email sent"]);
    const overridden = simulate(everything, { ...user, reachable: { web_push: true, email: false } }, [{ at: "2024-01-01T00:00:00Z", event: "Go" }], { until: "2024-01-01T00:00:00Z" });
    expect(overridden.messages.map((m) => `${m.channel} ${m.status}`)).toEqual(["web_push sent", "email suppressed"]);
    expect(r.messages[0]?.reason).toBe("unreachable: web_push: no web push subscription");
    expect(overridden.messages[1]?.reason).toBe("unreachable: email: unreachable (profile.reachable)");
  });

  it("bad input names the field", () => {
    expect(() => simulate(everything, user, [{ at: "2024-01-01T00:00:00Z", event: "Go" }, { at: "yesterday", event: "Go" }], { until: "2024-01-02T00:00:00Z" }))
      .toThrowError(new SimulationInputError("timeline[1].at", 'expected an ISO date-time or epoch milliseconds, got "yesterday"'));
    expect(() => simulate(everything, user, [], { until: "soon" })).toThrowError(/^until: /);
    // Request bodies are untyped JSON: these reach simulate() from POST /v1/admin/simulate as they are.
    const badReachable: unknown = JSON.parse('{ "userId": "u1", "traits": {}, "reachable": { "email": "yes" } }');
    expect(() => simulate(everything, badReachable as never, [], { until: 0 })).toThrowError(/^profile\.reachable\.email: /);
    expect(() => simulate(everything, { userId: "", traits: {} }, [], { until: 0 })).toThrowError(/^profile\.userId: /);
    expect(() => simulate(everything, user, [{ at: 0, traits: "x" } as never], { until: 0 })).toThrowError(/^timeline\[0\]: /);
  });
});

describe("simulate: the send gate live applies (worker/journey/send-gate.ts)", () => {
  type Send = { channel: Channel; transactional?: boolean; to?: string };
  const oneSend = (send: Send): Journey => ({
    id: "one-send", name: "One send", trigger: { type: "event", event: "Go" }, start: "send",
    nodes: { send: { type: "send", template: "t", next: "end", ...send }, end: { type: "end" } },
  });
  const go = [{ at: "2024-01-01T00:00:00Z", event: "Go" }];
  const outcome = (send: Send, profile: SimulationProfile) =>
    simulate(oneSend(send), profile, go, { until: "2024-01-01T00:00:00Z" }).messages.map((m) => [m.status, m.reason ?? null]);
  const unsubscribed = { userId: "u1", traits: { email: "ada@example.com", email_unsubscribed: true } };

  it("a transactional e-mail to an unsubscribed user is sent", () => {
    expect(outcome({ channel: "email", transactional: true }, unsubscribed)).toEqual([["sent", null]]);
  });

  it("a marketing e-mail to an unsubscribed user is suppressed, with the cause", () => {
    expect(outcome({ channel: "email" }, unsubscribed)).toEqual([["suppressed", "unreachable: email: unsubscribed (email_unsubscribed)"]]);
  });

  it("a transactional e-mail to a user with no address is suppressed, as live: there is nowhere to send it", () => {
    expect(outcome({ channel: "email", transactional: true }, { userId: "u1", traits: {} })).toEqual([["suppressed", "unreachable: email: no email address"]]);
  });

  it("a marketing SMS after STOP says STOP; a transactional one still goes", () => {
    const stopped = { userId: "u1", traits: { phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true } };
    expect(outcome({ channel: "sms" }, stopped)).toEqual([["suppressed", "unreachable: sms: opted out with STOP (sms_unsubscribed)"]]);
    expect(outcome({ channel: "sms", transactional: true }, stopped)).toEqual([["sent", null]]);
  });

  it("profile.reachable false is an opt-out: marketing is suppressed, a transactional send goes to the address in the traits", () => {
    const optedOut = { userId: "u1", traits: { email: "ada@example.com" }, reachable: { email: false } };
    expect(outcome({ channel: "email" }, optedOut)).toEqual([["suppressed", "unreachable: email: unreachable (profile.reachable)"]]);
    expect(outcome({ channel: "email", transactional: true }, optedOut)).toEqual([["sent", null]]);
  });

  it("a send to another person's address (`to`) needs that address, not the user's consent", () => {
    const student = { userId: "u1", traits: { phone: "+14155550100", sms_unsubscribed: true } };
    expect(outcome({ channel: "sms", to: "parent_phone" }, student)).toEqual([["suppressed", "unreachable: sms: no phone number in parent_phone"]]);
    expect(outcome({ channel: "sms", to: "parent_phone" }, { ...student, traits: { ...student.traits, parent_phone: "+14155550199" } })).toEqual([["sent", null]]);
  });
});
