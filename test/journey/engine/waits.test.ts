import { describe, expect, it } from "vitest";
import { effectsOf, event, fakeUser, feed, fire, journey, reasons, start, t } from "./helpers.ts";
import type { JourneyNode } from "../../../worker/journey/schema/nodes.ts";
import type { TimeWindow } from "../../../worker/journey/time/slots.ts";

const NY = "America/New_York";
const tail = { s: { type: "send", channel: "email", template: "after", next: "e" }, e: { type: "end" } } as const;

describe("wait", () => {
  it.each([
    // [label, duration, zone, start, expected timer]
    ["1d across spring-forward keeps 09:00 local", "1d", NY, "2024-03-09T14:00:00Z", "2024-03-10T13:00:00Z"],
    ["1d starting on the spring-forward day", "1d", NY, "2024-03-10T13:00:00Z", "2024-03-11T13:00:00Z"],
    ["24h across spring-forward is elapsed time (10:00 local)", "24h", NY, "2024-03-09T14:00:00Z", "2024-03-10T14:00:00Z"],
    ["1w across fall-back keeps 09:00 local", "1w", NY, "2024-10-30T13:00:00Z", "2024-11-06T14:00:00Z"],
    ["1mo from Jan 31 is the last day of February", "1mo", "UTC", "2024-01-31T08:00:00Z", "2024-02-29T08:00:00Z"],
    ["90s", "90s", "UTC", "2024-06-03T10:00:00Z", "2024-06-03T10:01:30Z"],
  ])("%s", (_label, duration, timeZone, from, expected) => {
    const def = journey({ w: { type: "wait", duration, next: "s" }, ...tail });
    const user = fakeUser({ timeZone });
    const s1 = start(def, t(from), user);
    expect(effectsOf(s1, "set_timer")).toEqual([{ type: "set_timer", timerId: "r1:1", runId: "r1", at: t(expected) }]);
    expect(s1.run.waiting).toEqual({ type: "timer", node: "w", timerId: "r1:1", at: t(expected) });
    const s2 = feed(def, s1, fire(s1.run), t(expected), user);
    expect(effectsOf(s2, "send").map((e) => e.template)).toEqual(["after"]);
    expect(s2.run.endReason).toBe("completed");
  });

  it("a zero-length wait goes on at once without a timer", () => {
    const def = journey({ w: { type: "wait", duration: "0s", next: "s" }, ...tail });
    const s1 = start(def, t("2024-06-03T10:00:00Z"));
    expect(effectsOf(s1, "set_timer")).toEqual([]);
    expect(s1.run.path).toEqual(["w", "s", "e"]);
  });
});

describe("wait_until", () => {
  const user = (attributes: Record<string, unknown> = {}, timeZone = "UTC") => fakeUser({ attributes, timeZone });
  const T0 = t("2024-06-03T10:00:00Z");

  it.each<[string, JourneyNode, Record<string, unknown>, string, string]>([
    ["an ISO date at a local time", { type: "wait_until", date: "2024-07-01", at: "09:00", next: "s" }, {}, "Europe/Paris", "2024-07-01T07:00:00Z"],
    ["an ISO date without `at` is local midnight", { type: "wait_until", date: "2024-07-01", next: "s" }, {}, NY, "2024-07-01T04:00:00Z"],
    ["an ISO date-time", { type: "wait_until", date: "2024-06-10T12:30:00Z", next: "s" }, {}, NY, "2024-06-10T12:30:00Z"],
    [
      "an attribute date minus 10 days at 09:00 local",
      { type: "wait_until", date: { attribute: "emi_due_date", offset: "-10d" }, at: "09:00", next: "s" },
      { emi_due_date: "2024-07-20" }, "Asia/Kolkata", "2024-07-10T03:30:00Z",
    ],
    [
      "an attribute date-time",
      { type: "wait_until", date: { attribute: "renewal_at" }, next: "s" },
      { renewal_at: "2024-08-01T12:00:00Z" }, "UTC", "2024-08-01T12:00:00Z",
    ],
  ])("waits until %s", (_label, node, attributes, timeZone, expected) => {
    const def = journey({ w: node, ...tail });
    const s1 = start(def, T0, user(attributes, timeZone));
    expect(s1.run.waiting).toEqual({ type: "timer", node: "w", timerId: "r1:1", at: t(expected) });
    expect(effectsOf(s1, "set_timer")[0]?.at).toBe(t(expected));
  });

  it("a past date with if_past continue (the default) goes on at once", () => {
    const def = journey({ w: { type: "wait_until", date: "2024-01-01", next: "s" }, ...tail });
    const s1 = start(def, T0);
    expect(effectsOf(s1, "set_timer")).toEqual([]);
    expect(s1.run.path).toEqual(["w", "s", "e"]);
    expect(reasons(s1)).toContain("wait_until 2024-01-01: already due at 2024-01-01 00:00 UTC → s");
  });

  it("a past date with if_past skip ends the run date_past", () => {
    const def = journey({ w: { type: "wait_until", date: "2024-01-01", if_past: "skip", next: "s" }, ...tail });
    const s1 = start(def, T0);
    expect(s1.run).toMatchObject({ status: "ended", endReason: "date_past", endedAt: T0, waiting: null });
    expect(effectsOf(s1, "run_ended")).toEqual([{ type: "run_ended", runId: "r1", journeyId: "j1", version: 1, node: "w", reason: "date_past", at: T0 }]);
    expect(effectsOf(s1, "send")).toEqual([]);
  });

  it.each([
    ["missing", {}, "wait_until: attribute emi_due_date is not set"],
    ["unparseable", { emi_due_date: "next tuesday" }, 'wait_until: attribute emi_due_date = "next tuesday" is not a date'],
  ])("a %s attribute date ends the run date_past with a clear trace", (_label, attributes, why) => {
    const def = journey({ w: { type: "wait_until", date: { attribute: "emi_due_date", offset: "-10d" }, next: "s" }, ...tail });
    const s1 = start(def, T0, user(attributes));
    expect(s1.run.endReason).toBe("date_past");
    expect(reasons(s1)).toContain(`run ended (date_past): ${why}`);
  });

  describe("re-targeting when the attribute changes", () => {
    const def = journey({
      w: { type: "wait_until", date: { attribute: "emi_due_date", offset: "-10d" }, at: "10:00", next: "s" },
      ...tail,
    });
    const before = user({ emi_due_date: "2024-07-20" });
    const s1 = start(def, T0, before);

    it("moves the timer with the new date, and the old timer is stale", () => {
      const s2 = feed(def, s1, { type: "attributes", changed: ["emi_due_date"] }, T0 + 1000, user({ emi_due_date: "2024-08-20" }));
      expect(s2.effects).toEqual([
        { type: "cancel_timer", timerId: "r1:1" },
        { type: "set_timer", timerId: "r1:2", runId: "r1", at: t("2024-08-10T10:00:00Z") },
      ]);
      expect(s2.run.waiting).toEqual({ type: "timer", node: "w", timerId: "r1:2", at: t("2024-08-10T10:00:00Z") });
      const stale = feed(def, s2, { type: "timer", timerId: "r1:1" }, t("2024-07-10T10:00:00Z"));
      expect(stale.effects).toEqual([]);
      expect(stale.trace[0]).toMatchObject({ kind: "ignored" });
      expect(stale.run).toEqual(s2.run);
      const s3 = feed(def, s2, fire(s2.run), t("2024-08-10T10:00:00Z"));
      expect(effectsOf(s3, "send")).toHaveLength(1);
    });

    it("keeps the timer when the attribute changes to the same instant", () => {
      const s2 = feed(def, s1, { type: "attributes", changed: ["emi_due_date"] }, T0 + 1000, user({ emi_due_date: "2024-07-20" }));
      expect(s2.effects).toEqual([]);
      expect(s2.run).toEqual(s1.run);
      expect(s2.trace).toMatchObject([{ kind: "ignored", reason: "emi_due_date changed but wait_until emi_due_date -10d at 10:00 is still the same time" }]);
    });

    it("ignores changes to other attributes", () => {
      const s2 = feed(def, s1, { type: "attributes", changed: ["city"] }, T0 + 1000, user({ emi_due_date: "2024-08-20" }));
      expect(s2.effects).toEqual([]);
      expect(s2.run).toEqual(s1.run);
    });

    it("a new date already past goes on at once (if_past continue)", () => {
      const s2 = feed(def, s1, { type: "attributes", changed: ["emi_due_date"] }, T0, user({ emi_due_date: "2024-06-05" }));
      expect(s2.effects[0]).toEqual({ type: "cancel_timer", timerId: "r1:1" });
      expect(effectsOf(s2, "send")).toHaveLength(1);
      expect(s2.run.endReason).toBe("completed");
    });

    it("a removed date ends the run date_past and cancels the timer", () => {
      const s2 = feed(def, s1, { type: "attributes", changed: ["emi_due_date"] }, T0, user({}));
      expect(s2.effects.map((e) => e.type)).toEqual(["cancel_timer", "run_ended"]);
      expect(s2.run.endReason).toBe("date_past");
    });

    it("if_past skip ends the run when the new date is past", () => {
      const skip = journey({ w: { type: "wait_until", date: { attribute: "d" }, if_past: "skip", next: "s" }, ...tail });
      const r1 = start(skip, T0, user({ d: "2024-07-01" }));
      const r2 = feed(skip, r1, { type: "attributes", changed: ["d"] }, T0, user({ d: "2024-05-01" }));
      expect(r2.run.endReason).toBe("date_past");
      expect(effectsOf(r2, "send")).toEqual([]);
    });
  });
});

describe("wait_for_event", () => {
  const T0 = t("2024-06-03T10:00:00Z");
  const def = journey(
    {
      w: {
        type: "wait_for_event", event: "Order Completed", where: { property: "total", op: "gte", value: 50 },
        timeout: "2h", next: "thanks", timeout_next: "remind",
      },
      thanks: { type: "send", channel: "email", template: "thanks", next: "e" },
      remind: { type: "send", channel: "email", template: "remind", next: "e" },
      e: { type: "end" },
    },
    { entry: { key: "cart_id", reentry: "always" } },
  );
  const s1 = start(def, T0, fakeUser(), event("Go", T0, { cart_id: "c1" }), "c1");

  it("parks with a timeout timer", () => {
    expect(s1.run.waiting).toEqual({ type: "event", node: "w", timerId: "r1:1", at: t("2024-06-03T12:00:00Z") });
    expect(effectsOf(s1, "set_timer")).toHaveLength(1);
  });

  it("the event in time cancels the timeout and takes next", () => {
    const s2 = feed(def, s1, { type: "event", event: event("Order Completed", T0 + 60_000, { total: 80, cart_id: "c1" }) }, T0 + 60_000);
    expect(s2.effects[0]).toEqual({ type: "cancel_timer", timerId: "r1:1" });
    expect(effectsOf(s2, "send").map((e) => e.template)).toEqual(["thanks"]);
    expect(s2.trace.find((e) => e.kind === "resume")).toMatchObject({ node: "w", branch: "next" });
  });

  it("the timeout takes timeout_next", () => {
    const s2 = feed(def, s1, fire(s1.run), t("2024-06-03T12:00:00Z"));
    expect(effectsOf(s2, "send").map((e) => e.template)).toEqual(["remind"]);
    expect(s2.trace.find((e) => e.kind === "resume")).toMatchObject({ branch: "timeout" });
  });

  it.each([
    ["a non-matching where", { total: 20, cart_id: "c1" }, T0 + 60_000, "does not match the conditions"],
    ["another key", { total: 80, cart_id: "c2" }, T0 + 60_000, 'is for cart_id "c2", not this run\'s "c1"'],
    ["a timestamp before the run started", { total: 80, cart_id: "c1" }, T0 - 1, "happened before this run started"],
  ])("ignores an event with %s", (_label, properties, at, why) => {
    const s2 = feed(def, s1, { type: "event", event: event("Order Completed", at, properties) }, T0 + 60_000);
    expect(s2.effects).toEqual([]);
    expect(s2.run).toEqual(s1.run);
    expect(s2.trace).toHaveLength(1);
    expect(s2.trace[0]?.kind).toBe("ignored");
    expect(s2.trace[0]?.reason).toContain(why);
  });

  it("an event without the key property still reaches a keyed run", () => {
    const s2 = feed(def, s1, { type: "event", event: event("Order Completed", T0 + 1, { total: 99 }) }, T0 + 1);
    expect(effectsOf(s2, "send").map((e) => e.template)).toEqual(["thanks"]);
  });

  it("unrelated events leave no trace", () => {
    const s2 = feed(def, s1, { type: "event", event: event("Page Viewed", T0 + 1) }, T0 + 1);
    expect(s2).toEqual({ run: s1.run, effects: [], trace: [] });
  });
});

describe("wait_for_time_slot", () => {
  const window: TimeWindow = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" };
  it.each<[string, JourneyNode, { bestHour?: number; timeZone?: string }, string, string | null]>([
    // [label, node, user, now, expected timer (null = goes on at once)]
    ["window: Saturday waits for Monday 09:00 local", { type: "wait_for_time_slot", mode: "window", window: window, next: "s" }, { timeZone: NY }, "2024-06-08T15:00:00Z", "2024-06-10T13:00:00Z"],
    ["window: inside the window goes on at once", { type: "wait_for_time_slot", mode: "window", window: window, next: "s" }, { timeZone: NY }, "2024-06-10T15:00:00Z", null],
    ["window: max_wait caps the wait", { type: "wait_for_time_slot", mode: "window", window: window, max_wait: "2h", next: "s" }, { timeZone: NY }, "2024-06-08T15:00:00Z", "2024-06-08T17:00:00Z"],
    ["best_time: the user's hour", { type: "wait_for_time_slot", mode: "best_time", next: "s" }, { bestHour: 19, timeZone: "Europe/Paris" }, "2024-06-03T08:00:00Z", "2024-06-03T17:00:00Z"],
    ["best_time: default 10:00 when unknown", { type: "wait_for_time_slot", mode: "best_time", next: "s" }, { timeZone: "UTC" }, "2024-06-03T11:00:00Z", "2024-06-04T10:00:00Z"],
    ["best_time: inside the best hour goes on at once", { type: "wait_for_time_slot", mode: "best_time", next: "s" }, { bestHour: 10 }, "2024-06-03T10:20:00Z", null],
    ["best_time bounded by a weekday window skips the weekend", { type: "wait_for_time_slot", mode: "best_time", window: window, next: "s" }, { bestHour: 10 }, "2024-06-07T11:00:00Z", "2024-06-10T10:00:00Z"],
  ])("%s", (_label, node, spec, now, expected) => {
    const def = journey({ w: node, ...tail });
    const user = fakeUser(spec);
    const s1 = start(def, t(now), user);
    if (expected === null) {
      expect(effectsOf(s1, "set_timer")).toEqual([]);
      expect(s1.run.path).toEqual(["w", "s", "e"]);
      return;
    }
    expect(s1.run.waiting).toEqual({ type: "timer", node: "w", timerId: "r1:1", at: t(expected) });
    const s2 = feed(def, s1, fire(s1.run), t(expected), user);
    expect(effectsOf(s2, "send")).toHaveLength(1);
  });
});
