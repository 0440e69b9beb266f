/**
 * Segment membership in a real User Durable Object (workerd), with a manual clock: entered and
 * left on events, on attribute changes and by the passage of time — at the exact instant, by the
 * object's alarm — with a trace line for each change and segment triggers starting journeys.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, harness, resetUserObjectDeps, type Harness } from "../user/helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const segmentsOf = async (h: Harness): Promise<string[]> => (await h.stub.getProfile())?.segments ?? [];
const segmentTrace = async (h: Harness): Promise<string[]> => (await h.stub.getTrace()).filter((t) => t.kind === "segment").map((t) => t.reason);

describe("membership follows events", () => {
  it("enters on the second product view within a day and leaves exactly when the first one is a day old", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "browsing", name: "Browsing", events: [{ event: "Viewed Product", count: { op: "gte", value: 2 }, within: "1d" }] }]);
    await h.track("Viewed Product", { sku: "a" });
    expect(await segmentsOf(h)).toEqual([]);
    h.clock.advance(HOUR);
    await h.track("Viewed Product", { sku: "b" });
    expect(await segmentsOf(h)).toEqual(["browsing"]);

    expect(await h.advance(DAY - HOUR - 1)).toBe(true); // 1 ms before the first view is a day old
    expect(await segmentsOf(h)).toEqual(["browsing"]);
    await h.advance(1);
    expect(await segmentsOf(h)).toEqual([]);
    expect(await segmentTrace(h)).toEqual([
      "entered segment browsing: Viewed Product count gte 2 within 1d: 2 → true",
      "left segment browsing: Viewed Product count gte 2 within 1d: 1 → false",
    ]);
  });

  it("counts only events whose properties match the rule's filter", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "big-spender", name: "Big spender", events: [{ event: "Order Completed", where: { property: "total", op: "gte", value: 100 } }] }]);
    await h.track("Order Completed", { total: 20 });
    expect(await segmentsOf(h)).toEqual([]);
    await h.track("Order Completed", { total: 150 });
    expect(await segmentsOf(h)).toEqual(["big-spender"]);
  });
});

describe("membership follows attributes", () => {
  it("enters and leaves as identify changes the plan, and a no-op identify changes nothing", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "pro", name: "Pro", where: { attribute: "plan", op: "eq", value: "pro" } }]);
    await h.identify({ plan: "free" });
    expect(await segmentsOf(h)).toEqual([]);
    await h.identify({ plan: "pro" });
    expect(await segmentsOf(h)).toEqual(["pro"]);
    await h.identify({ plan: "pro" });
    await h.identify({ plan: "free" });
    expect(await segmentsOf(h)).toEqual([]);
    expect(await segmentTrace(h)).toEqual([expect.stringMatching(/^entered segment pro: where /), expect.stringMatching(/^left segment pro: where /)]);
  });

  it("a relative date filter flips at its instant with no new input (trial ending within 3 days)", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "trial-ending", name: "Trial ending", where: { attribute: "trial_end", op: "before", value: "3d" } }]);
    await h.identify({ trial_end: "2026-03-10T09:00:00Z" });
    expect(await segmentsOf(h)).toEqual([]);
    // trial_end before now + 3d ⇔ now > 2026-03-07T09:00Z
    h.clock.set(Date.parse("2026-03-07T09:00:00Z"));
    await h.alarm();
    expect(await segmentsOf(h)).toEqual([]);
    await h.advance(1);
    expect(await segmentsOf(h)).toEqual(["trial-ending"]);
  });
});

describe("membership follows time", () => {
  it("D-30: entered exactly 30 days after the last activity, by the alarm, and left on the next event", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "d-30", name: "D-30", inactive_for: "30d" }]);
    await h.track("Logged In");
    await h.advance(30 * DAY - 1);
    expect(await segmentsOf(h)).toEqual([]);
    await h.advance(1);
    expect(await segmentsOf(h)).toEqual(["d-30"]);
    const [entered] = (await h.stub.getTrace()).filter((t) => t.kind === "segment");
    expect(entered?.at).toBe("2026-04-01T09:00:00.000Z");
    h.clock.advance(HOUR);
    await h.track("Logged In");
    expect(await segmentsOf(h)).toEqual([]);
  });

  it("D-30 after later activity: entered 30 days after the newest event, not the first", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "d-30", name: "D-30", inactive_for: "30d" }]);
    await h.track("Logged In");
    h.clock.advance(DAY);
    await h.track("Logged In");
    await h.advance(29 * DAY); // the first event's 30 days: a re-check only
    expect(await segmentsOf(h)).toEqual([]);
    await h.advance(DAY - 1);
    expect(await segmentsOf(h)).toEqual([]);
    await h.advance(1);
    expect(await segmentsOf(h)).toEqual(["d-30"]);
    const [entered] = (await h.stub.getTrace()).filter((t) => t.kind === "segment");
    expect(entered?.at).toBe("2026-04-02T09:00:00.000Z");
  });

  it("combines parts: a pro user who bought something and has been quiet for a week", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([
      { id: "lapsing-pro-buyer", name: "Lapsing pro buyer", where: { attribute: "plan", op: "eq", value: "pro" }, events: [{ event: "Order Completed" }], inactive_for: "7d" },
    ]);
    await h.identify({ plan: "pro" });
    await h.track("Order Completed");
    await h.advance(7 * DAY);
    expect(await segmentsOf(h)).toEqual(["lapsing-pro-buyer"]);
    await h.identify({ plan: "free" });
    expect(await segmentsOf(h)).toEqual([]);
  });
});

describe("segment triggers", () => {
  it("entering and leaving start the journeys that wait for them, once per change", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "d-7", name: "D-7", inactive_for: "7d" }]);
    const journey = (id: string, on: "enter" | "exit") => ({
      id,
      name: id,
      trigger: { type: "segment", segment: "d-7", on },
      entry: { reentry: "always" },
      start: "send",
      nodes: { send: { type: "send", channel: "email", template: `${id}-email`, next: "end" }, end: { type: "end" } },
    });
    h.catalog.publish(journey("winback", "enter"));
    h.catalog.publish(journey("welcome-back", "exit"));
    await h.track("Logged In");
    await h.advance(7 * DAY);
    await h.stub.flush();
    expect(await h.sentTemplates()).toEqual(["winback-email"]);
    await h.advance(DAY); // still inactive: no second entry
    await h.track("Logged In");
    await h.stub.flush();
    expect(await h.sentTemplates()).toEqual(["winback-email", "welcome-back-email"]);
  });

  it("a segment removed from the catalog is forgotten without firing an exit", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([{ id: "everyone", name: "Everyone" }]);
    await h.track("Logged In");
    expect(await segmentsOf(h)).toEqual(["everyone"]);
    h.catalog.setSegments([]);
    await h.track("Logged In");
    expect(await segmentsOf(h)).toEqual([]);
    expect(await segmentTrace(h)).toEqual(["entered segment everyone: no conditions: every user"]);
  });
});
