import { describe, expect, it } from "vitest";
import type { JourneyNode } from "../../../worker/journey/schema/nodes.ts";
import { effectsOf, event, fakeUser, feed, fire, journey, reasons, start, t } from "./helpers.ts";

const NOW = t("2024-06-03T10:00:00Z");

describe("send and survey", () => {
  it("send emits a keyed message effect with the trigger and data", () => {
    const def = journey({
      s: { type: "send", channel: "sms", template: "report", transactional: true, to: "parent_phone", next: "e" },
      e: { type: "end" },
    });
    const trigger = event("Go", NOW, { course: "algebra" });
    const step = start(def, NOW, fakeUser(), trigger);
    expect(effectsOf(step, "send")).toEqual([
      {
        type: "send", key: "r1:1", runId: "r1", journeyId: "j1", version: 1, node: "s", channel: "sms", template: "report",
        transactional: true, to: "parent_phone", kind: "message", event: trigger, data: {},
      },
    ]);
  });

  it("survey sends kind survey, not transactional", () => {
    const def = journey({ q: { type: "survey", channel: "web_overlay", template: "nps", next: "e" }, e: { type: "end" } });
    const [effect] = effectsOf(start(def, NOW), "send");
    expect(effect).toMatchObject({ kind: "survey", channel: "web_overlay", template: "nps", transactional: false });
    expect(effect).not.toHaveProperty("to");
  });
});

describe("update_attribute", () => {
  /** update → check_attribute(where) → yes/no: proves the next node sees the new value. */
  function updateThenCheck(update: Omit<Extract<JourneyNode, { type: "update_attribute" }>, "type" | "next">, where: Extract<JourneyNode, { type: "check_attribute" }>["where"], attributes: Record<string, unknown>, timeZone = "UTC") {
    const def = journey({
      u: { type: "update_attribute", ...update, next: "c" },
      c: { type: "check_attribute", where, yes: "yes", no: "no" },
      yes: { type: "end" },
      no: { type: "end" },
    });
    return start(def, NOW, fakeUser({ attributes, timeZone }));
  }

  it.each<[string, Parameters<typeof updateThenCheck>[0], Record<string, unknown>, unknown, object]>([
    ["set", { attribute: "tier", set: "gold" }, { tier: "silver" }, "gold", { op: "set", value: "gold" }],
    ["increment a number", { attribute: "score", increment: 10 }, { score: 5 }, 15, { op: "increment", by: 10 }],
    ["increment a missing number from 0", { attribute: "score", increment: -50 }, {}, -50, { op: "increment", by: -50 }],
    ["increment a numeric string (as imported from CSV) to a number", { attribute: "score", increment: 10 }, { score: "-95" }, -85, { op: "set", value: -85 }],
    ["increment a date-only date by 30d", { attribute: "emi_due_date", increment: "30d" }, { emi_due_date: "2024-05-10" }, "2024-06-09", { op: "set", value: "2024-06-09" }],
    ["move a date back by a month", { attribute: "renew_on", increment: "-1mo" }, { renew_on: "2024-03-31" }, "2024-02-29", { op: "set", value: "2024-02-29" }],
    ["increment a UTC date-time", { attribute: "next_at", increment: "2h" }, { next_at: "2024-06-03T22:30:00Z" }, "2024-06-04T00:30:00Z", { op: "set", value: "2024-06-04T00:30:00Z" }],
    ["increment a date-time with an offset, keeping it", { attribute: "next_at", increment: "1d" }, { next_at: "2024-06-03T09:00:00.000+05:30" }, "2024-06-04T09:00:00.000+05:30", { op: "set", value: "2024-06-04T09:00:00.000+05:30" }],
  ])("%s: emits the change and the next node sees it", (_label, update, attributes, expected, change) => {
    const step = updateThenCheck(update, { attribute: update.attribute, op: "eq", value: expected }, attributes);
    expect(effectsOf(step, "update_attribute")).toEqual([{ type: "update_attribute", key: "r1:1", attribute: update.attribute, change }]);
    expect(step.run.path).toEqual(["u", "c", "yes"]);
  });

  it("a date-only increment is calendar days in the user's zone across DST", () => {
    const step = updateThenCheck({ attribute: "d", increment: "1d" }, { attribute: "d", op: "eq", value: "2024-03-11" }, { d: "2024-03-10" }, "America/New_York");
    expect(step.run.path).toEqual(["u", "c", "yes"]);
  });

  it("unset removes the attribute for the next node", () => {
    const step = updateThenCheck({ attribute: "coupon", unset: true }, { attribute: "coupon", op: "not_exists" }, { coupon: "X1" });
    expect(effectsOf(step, "update_attribute")[0]?.change).toEqual({ op: "unset" });
    expect(step.run.path).toEqual(["u", "c", "yes"]);
  });

  it.each([
    ["a number increment on text", { attribute: "score", increment: 10 }, { score: "high" }, 'score = "high" is not a number'],
    ["a duration increment on a missing date", { attribute: "due", increment: "30d" }, {}, "due is not set"],
    ["a duration increment on a non-date", { attribute: "due", increment: "30d" }, { due: "soon" }, 'due = "soon" is not a date'],
  ])("skips %s with a trace and goes on", (_label, update, attributes, why) => {
    const step = updateThenCheck(update, { attribute: "x", op: "not_exists" }, attributes);
    expect(effectsOf(step, "update_attribute")).toEqual([]);
    expect(reasons(step).join("\n")).toContain(why);
    expect(step.run.path).toEqual(["u", "c", "yes"]);
  });

  it("does not change the caller's user view", () => {
    const attributes = { score: 1 };
    updateThenCheck({ attribute: "score", increment: 1 }, { attribute: "score", op: "eq", value: 2 }, attributes);
    expect(attributes).toEqual({ score: 1 });
  });
});

describe("fetch_data", () => {
  const def = (onError: "continue" | "end") =>
    journey({
      f: { type: "fetch_data", url: "https://reco.example/{{ user.id }}", store_as: "reco", timeout: "3s", on_error: onError, next: "s" },
      s: { type: "send", channel: "email", template: "reco", next: "e" },
      e: { type: "end" },
    });

  it("emits the request and parks waiting for its key", () => {
    const step = start(def("continue"), NOW);
    expect(effectsOf(step, "fetch_data")).toEqual([
      {
        type: "fetch_data", key: "r1:1", runId: "r1", node: "f", url: "https://reco.example/{{ user.id }}", method: "GET",
        headers: {}, timeoutMs: 3000, event: event("Go", NOW), data: {},
      },
    ]);
    expect(step.run.waiting).toEqual({ type: "data", node: "f", requestKey: "r1:1" });
  });

  it("defaults the timeout to 5s", () => {
    const d = journey({ f: { type: "fetch_data", url: "https://x.example", store_as: "x", on_error: "end", next: "e" }, e: { type: "end" } });
    expect(effectsOf(start(d, NOW), "fetch_data")[0]?.timeoutMs).toBe(5000);
  });

  it("success stores data.<store_as> and later sends carry it", () => {
    const s1 = start(def("end"), NOW);
    const s2 = feed(def("end"), s1, { type: "data", requestKey: "r1:1", ok: true, data: { items: [1, 2] } }, NOW + 500);
    expect(s2.run.data).toEqual({ reco: { items: [1, 2] } });
    expect(effectsOf(s2, "send")[0]?.data).toEqual({ reco: { items: [1, 2] } });
    expect(s2.run.endReason).toBe("completed");
  });

  it("failure with on_error continue goes on without data", () => {
    const s1 = start(def("continue"), NOW);
    const s2 = feed(def("continue"), s1, { type: "data", requestKey: "r1:1", ok: false, error: "HTTP 503" }, NOW + 500);
    expect(s2.run.data).toEqual({});
    expect(effectsOf(s2, "send")).toHaveLength(1);
    expect(reasons(s2)).toContain("fetch_data failed (HTTP 503); on_error: continue without data.reco → s");
  });

  it("failure with on_error continue on a later pass drops the earlier answer: sends do not carry stale data", () => {
    const loop = journey({
      f: { type: "fetch_data", url: "https://lms.example/progress", store_as: "progress", on_error: "continue", next: "s" },
      s: { type: "send", channel: "email", template: "report", next: "w" },
      w: { type: "wait", duration: "7d", next: "f" },
    });
    const s1 = feed(loop, start(loop, NOW), { type: "data", requestKey: "r1:1", ok: true, data: { lessons: 2 } }, NOW + 500);
    expect(effectsOf(s1, "send")[0]?.data).toEqual({ progress: { lessons: 2 } });
    const week = NOW + 7 * 86_400_000;
    const s2 = feed(loop, s1, fire(s1.run), week);
    const key = effectsOf(s2, "fetch_data")[0]?.key ?? "";
    const s3 = feed(loop, s2, { type: "data", requestKey: key, ok: false, error: "HTTP 503" }, week + 500);
    expect(effectsOf(s3, "send")[0]?.data).toEqual({});
    expect(s3.run.data).toEqual({});
  });

  it("failure with on_error end ends the run fetch_failed", () => {
    const s1 = start(def("end"), NOW);
    const s2 = feed(def("end"), s1, { type: "data", requestKey: "r1:1", ok: false, error: "timeout" }, NOW + 3000);
    expect(s2.run).toMatchObject({ status: "ended", endReason: "fetch_failed", waiting: null });
    expect(effectsOf(s2, "run_ended")[0]).toMatchObject({ node: "f", reason: "fetch_failed" });
    expect(effectsOf(s2, "send")).toEqual([]);
  });

  it("a result for another request is ignored", () => {
    const s1 = start(def("end"), NOW);
    const s2 = feed(def("end"), s1, { type: "data", requestKey: "r1:9", ok: true, data: {} }, NOW + 500);
    expect(s2.run).toEqual(s1.run);
    expect(s2.trace[0]?.kind).toBe("ignored");
  });
});

describe("webhook and audience", () => {
  it("emit their effects and go on at once", () => {
    const def = journey({
      h: { type: "webhook", url: "https://crm.example/hook", headers: { "x-k": "1" }, body: { id: "{{ user.id }}" }, next: "a" },
      a: { type: "audience", provider: "facebook", audience: "cart-abandoners", op: "add", next: "e" },
      e: { type: "end" },
    });
    const step = start(def, NOW);
    expect(effectsOf(step, "webhook")).toEqual([
      {
        type: "webhook", key: "r1:1", runId: "r1", node: "h", url: "https://crm.example/hook", method: "POST",
        headers: { "x-k": "1" }, body: { id: "{{ user.id }}" }, event: event("Go", NOW), data: {},
      },
    ]);
    expect(effectsOf(step, "audience")).toEqual([
      { type: "audience", key: "r1:2", runId: "r1", node: "a", provider: "facebook", audience: "cart-abandoners", op: "add" },
    ]);
    expect(step.run.path).toEqual(["h", "a", "e"]);
  });
});
