/**
 * Membership stays exact while an event or attribute change evaluates only the segments it can
 * affect (worker/audience/segment-pass.ts): rules met inside combinations, rule filters reading
 * attributes or the clock, histories changed by retention or back-dated events, windows flipping
 * on the alarm after events of other names, and a catalog change. Each test publishes filler
 * segments on other events and attributes, so the index has more than the segment under test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY, HOUR, harness, resetUserObjectDeps, type Harness } from "../user/helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const segmentsOf = async (h: Harness): Promise<string[]> => ((await h.stub.getProfile())?.segments ?? []).slice().sort();
const segmentTrace = async (h: Harness): Promise<{ reason: string; at: string }[]> =>
  (await h.stub.getTrace()).filter((t) => t.kind === "segment").map((t) => ({ reason: t.reason, at: t.at }));

/** Segments on other events and attributes than the ones under test. */
const fillers = Array.from({ length: 12 }, (_, i) =>
  i % 3 === 0
    ? { id: `filler-${i}`, name: `filler ${i}`, where: { attribute: `other_${i}`, op: "eq", value: "x" } }
    : i % 3 === 1
      ? { id: `filler-${i}`, name: `filler ${i}`, events: [{ event: `Other ${i}`, within: "7d" }] }
      : { id: `filler-${i}`, name: `filler ${i}`, where: { attribute: "plan", op: "eq", value: `plan-${i}` }, events: [{ event: "Page Viewed", count: { op: "gte", value: 50 } }] },
);

describe("events reach the segments whose rules name them", () => {
  it("an event named by the second rule of a combination, shared with other segments, moves all of them", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    const bigOrder = { event: "Order Completed", where: { property: "total", op: "gte", value: 100 } };
    h.catalog.setSegments([
      ...fillers,
      { id: "pro-buyer", name: "Pro buyer", where: { attribute: "plan", op: "eq", value: "pro" }, events: [{ event: "Signed Up" }, bigOrder] },
      { id: "big-order", name: "Big order", events: [bigOrder] },
      { id: "two-orders-one-big", name: "Two orders, one big", events: [bigOrder, { event: "Order Completed", count: { op: "gte", value: 2 } }] },
    ]);
    await h.identify({ plan: "pro" });
    await h.track("Signed Up");
    await h.track("Order Completed", { total: 20 });
    expect(await segmentsOf(h)).toEqual([]);
    await h.track("Order Completed", { total: 150 });
    expect(await segmentsOf(h)).toEqual(["big-order", "pro-buyer", "two-orders-one-big"]);
    await h.identify({ plan: "free" });
    expect(await segmentsOf(h)).toEqual(["big-order", "two-orders-one-big"]);
    expect((await segmentTrace(h)).map((t) => t.reason)).toEqual([
      "entered segment pro-buyer: where plan eq \"pro\": \"pro\" → true; Signed Up count gte 1: 1 → true; Order Completed count gte 1: 1 → true",
      "entered segment big-order: Order Completed count gte 1: 1 → true",
      "entered segment two-orders-one-big: Order Completed count gte 1: 1 → true; Order Completed count gte 2: 2 → true",
      "left segment pro-buyer: where plan eq \"pro\": \"free\" → false; Signed Up count gte 1: 1 → true; Order Completed count gte 1: 1 → true",
    ]);
  });

  it("a rule comparing an event property to the clock is re-checked when another event of that name arrives", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([...fillers, { id: "overdue", name: "Overdue", events: [{ event: "Invoice", where: { property: "due_at", op: "before", value: "-1d" } }] }]);
    await h.track("Invoice", { due_at: "2026-03-02T10:00:00Z" });
    expect(await segmentsOf(h)).toEqual([]);
    h.clock.advance(2 * DAY);
    await h.track("Invoice", { due_at: "2026-04-01T00:00:00Z" }); // not overdue itself; the first one is now
    expect(await segmentsOf(h)).toEqual(["overdue"]);
  });

  it("an order older than the 90-day retention is pruned by the next event of another name, and the 'ever' rule lets go", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([...fillers, { id: "buyer", name: "Buyer", events: [{ event: "Order Completed" }] }]);
    await h.track("Order Completed");
    expect(await segmentsOf(h)).toEqual(["buyer"]);
    h.clock.advance(91 * DAY);
    await h.track("Page Viewed");
    expect(await segmentsOf(h)).toEqual([]);
  });

  it("an event back-dated before the newest one of its name still counts", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([...fillers, { id: "repeat-buyer", name: "Repeat buyer", events: [{ event: "Order Completed", count: { op: "gte", value: 2 } }] }]);
    await h.track("Order Completed");
    h.clock.advance(HOUR);
    await h.track("Page Viewed");
    await h.send({ type: "track", event: "Order Completed", properties: {}, timestamp: h.clock.now() - 2 * HOUR });
    expect(await segmentsOf(h)).toEqual(["repeat-buyer"]);
  });
});

describe("attribute changes reach the segments that read them", () => {
  it("an attribute read only by a rule's filter, or by a dotted path, moves membership on its own", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([
      ...fillers,
      { id: "vip-orders", name: "VIP orders", events: [{ event: "Order Completed", where: { attribute: "tier", op: "eq", value: "vip" } }] },
      { id: "pune", name: "Pune", where: { attribute: "address.city", op: "eq", value: "Pune" } },
      { id: "quiet", name: "Quiet", inactive_for: "7d" },
    ]);
    await h.track("Order Completed");
    expect(await segmentsOf(h)).toEqual([]);
    await h.identify({ tier: "vip" });
    expect(await segmentsOf(h)).toEqual(["vip-orders"]);
    await h.identify({ address: { city: "Pune", zip: "411001" } });
    expect(await segmentsOf(h)).toEqual(["pune", "vip-orders"]);
    await h.identify({ address: { city: "Mumbai", zip: "411001" } });
    await h.identify({ tier: "gold" });
    expect(await segmentsOf(h)).toEqual([]);
    expect((await segmentTrace(h)).map((t) => t.reason.split(":")[0])).toEqual([
      "entered segment vip-orders",
      "entered segment pune",
      "left segment pune",
      "left segment vip-orders",
    ]);
    // The inactivity segment was not disturbed by attribute changes: its row is the first pass's.
    const [quiet] = await h.sql<{ member: number; since: number }>("SELECT member, since FROM segment_membership WHERE segment_id = 'quiet'");
    expect(quiet).toEqual({ member: 0, since: Date.parse("2026-03-02T09:00:00Z") });
  });
});

describe("time windows still flip on the alarm", () => {
  it("a sliding window and an inactivity period flip at their exact instants after events of other names", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([
      ...fillers,
      { id: "recent-viewer", name: "Recent viewer", events: [{ event: "Viewed Product", within: "1d" }] },
      { id: "d-2", name: "D-2", inactive_for: "2d" },
    ]);
    await h.track("Viewed Product");
    expect(await segmentsOf(h)).toEqual(["recent-viewer"]);
    h.clock.advance(HOUR);
    await h.track("Page Viewed");
    await h.track("Other 1");
    await h.advance(DAY - HOUR - 1);
    expect(await segmentsOf(h)).toEqual(["filler-1", "recent-viewer"]);
    await h.advance(1); // the view is a day old
    expect(await segmentsOf(h)).toEqual(["filler-1"]);
    await h.advance(DAY); // two days after the view: a re-check only, the last activity was an hour later
    await h.advance(HOUR - 1);
    expect(await segmentsOf(h)).toEqual(["filler-1"]);
    await h.advance(1);
    expect(await segmentsOf(h)).toEqual(["d-2", "filler-1"]);
    const trace = await segmentTrace(h);
    expect(trace.map((t) => `${t.at} ${t.reason.split(":")[0]}`)).toEqual([
      "2026-03-02T09:00:00.000Z entered segment recent-viewer",
      "2026-03-02T10:00:00.000Z entered segment filler-1",
      "2026-03-03T09:00:00.000Z left segment recent-viewer",
      "2026-03-04T10:00:00.000Z entered segment d-2",
    ]);
  });
});

describe("catalog changes", () => {
  it("a definition changed under the same id is evaluated again at the next event, whatever its name", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([...fillers, { id: "paying", name: "Paying", where: { attribute: "plan", op: "eq", value: "pro" } }]);
    await h.identify({ plan: "pro" });
    expect(await segmentsOf(h)).toEqual(["paying"]);
    h.catalog.setSegments([...fillers, { id: "paying", name: "Paying", where: { attribute: "plan", op: "in", value: ["pro", "team"] } }, { id: "everyone", name: "Everyone" }]);
    await h.track("Page Viewed");
    expect(await segmentsOf(h)).toEqual(["everyone", "paying"]);
    h.catalog.setSegments([...fillers, { id: "paying", name: "Paying", where: { attribute: "plan", op: "eq", value: "team" } }]);
    await h.track("Page Viewed");
    expect(await segmentsOf(h)).toEqual([]);
  });

  it("a fresh instance of the object (after eviction) picks up where the stored rows are", async () => {
    const h = harness("2026-03-02T09:00:00Z");
    h.catalog.setSegments([...fillers, { id: "repeat-viewer", name: "Repeat viewer", events: [{ event: "Viewed Product", count: { op: "gte", value: 2 } }] }]);
    await h.track("Viewed Product");
    h.reconnect();
    await h.track("Viewed Product");
    expect(await segmentsOf(h)).toEqual(["repeat-viewer"]);
    expect((await segmentTrace(h)).map((t) => t.reason)).toEqual(["entered segment repeat-viewer: Viewed Product count gte 2: 2 → true"]);
  });
});
