/**
 * What the shell adds around the engine: goals after a run ended, attribute feedback with its
 * guard, segment exits, fetched data reaching the send, anonymous users, the trace.
 */
import { afterEach, describe, expect, it } from "vitest";
import { backoff } from "../../../worker/lib/backoff.ts";
import { MAX_WORK_PER_INPUT } from "../../../worker/user/runtime/process-work.ts";
import { DAY, HOUR, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

describe("goals", () => {
  it("a goal event after the run ended still converts, within the window only", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "promo",
      name: "Promo",
      trigger: { type: "event", event: "Viewed Promo" },
      entry: { reentry: "always" },
      goal: { event: "Order Completed", within: "2d" },
      start: "send",
      nodes: { send: { type: "send", channel: "email", template: "promo", next: "end" }, end: { type: "end" } },
    });
    await h.track("Viewed Promo");
    expect((await h.stub.getProfile())?.runs).toEqual([]); // ended at once
    h.clock.advance(DAY);
    await h.track("Order Completed");
    h.clock.advance(DAY);
    await h.track("Order Completed"); // converted already
    await h.track("Viewed Promo");
    h.clock.advance(3 * DAY);
    await h.track("Order Completed"); // the second run's window has closed
    expect(h.stats.filter((s) => s.kind === "converted").map((s) => s.at - Date.parse("2026-08-01T10:00:00Z"))).toEqual([DAY]);
  });
});

describe("attribute feedback", () => {
  it("an update_attribute that re-triggers its own journey is cut by the guard, with a trace line", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "echo",
      name: "Echo",
      trigger: { type: "attribute", attribute: "n" },
      entry: { reentry: "always" },
      start: "bump",
      nodes: { bump: { type: "update_attribute", attribute: "n", increment: 1, next: "end" }, end: { type: "end" } },
    });
    const [result] = await h.identify({ n: 0 });
    expect(result?.status).toBe("accepted");
    const profile = await h.stub.getProfile();
    const n = profile?.traits["n"];
    expect(typeof n === "number" && n > 10 && n < MAX_WORK_PER_INPUT).toBe(true);
    const guard = (await h.stub.getTrace()).filter((t) => t.kind === "error");
    expect(guard.map((t) => t.reason)).toEqual([expect.stringMatching(/^stopped after 200 cascaded changes in one input/)]);
  });

  it("an attribute-relative wait moves when the attribute changes", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "renewal",
      name: "Renewal",
      trigger: { type: "event", event: "Subscribed" },
      start: "wait",
      nodes: {
        wait: { type: "wait_until", date: { attribute: "renews_on", offset: "-3d" }, at: "09:00", next: "send" },
        send: { type: "send", channel: "email", template: "renewal", next: "end" },
        end: { type: "end" },
      },
    });
    await h.identify({ renews_on: "2026-08-20" });
    await h.track("Subscribed");
    expect((await h.stub.getProfile())?.runs[0]?.waiting?.until).toBe("2026-08-17T09:00:00.000Z");
    await h.identify({ renews_on: "2026-09-20" });
    expect((await h.stub.getProfile())?.runs[0]?.waiting?.until).toBe("2026-09-17T09:00:00.000Z");
    expect(await h.sql("SELECT due_at FROM timers")).toEqual([{ due_at: Date.parse("2026-09-17T09:00:00Z") }]);
  });
});

describe("segments", () => {
  it("leaving a segment fires its exit trigger; the profile lists current segments", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.setSegments([{ id: "vip", name: "VIP", where: { attribute: "tier", op: "eq", value: "gold" } }]);
    h.catalog.publish({
      id: "downgraded",
      name: "Downgraded",
      trigger: { type: "segment", segment: "vip", on: "exit" },
      start: "send",
      nodes: { send: { type: "send", channel: "email", template: "miss-you", next: "end" }, end: { type: "end" } },
    });
    await h.identify({ tier: "gold" });
    expect((await h.stub.getProfile())?.segments).toEqual(["vip"]);
    expect(await h.sentTemplates()).toEqual([]);
    await h.identify({ tier: "silver" });
    expect((await h.stub.getProfile())?.segments).toEqual([]);
    expect(await h.sentTemplates()).toEqual(["miss-you"]);
  });
});

describe("fetch_data", () => {
  it("stores the response as data.<store_as>, which the send carries for rendering", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.respond = () => Response.json({ course: "Algebra II" });
    h.catalog.publish({
      id: "congrats",
      name: "Congrats",
      trigger: { type: "event", event: "Course Completed" },
      start: "fetch",
      nodes: {
        fetch: { type: "fetch_data", url: "https://courses.example.com/next", store_as: "next", on_error: "end", next: "send" },
        send: { type: "send", channel: "email", template: "congrats", next: "end" },
        end: { type: "end" },
      },
    });
    await h.track("Course Completed");
    expect(await h.sentTemplates()).toEqual(["congrats"]);
    const [row] = await h.sql<{ effect: string }>("SELECT effect FROM outbox WHERE type = 'send'");
    expect(JSON.parse(row?.effect ?? "{}").data).toEqual({ next: { course: "Algebra II" } });
  });
});

describe("anonymous visitors", () => {
  it("an anonymous object runs journeys under its anonymous id", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "hello",
      name: "Hello",
      trigger: { type: "event", event: "Visited" },
      start: "send",
      nodes: { send: { type: "send", channel: "web_overlay", template: "hello", next: "end" }, end: { type: "end" } },
    });
    const ref = { workspace: "test-ws", anonymousId: "anon-1" };
    const results = await h.stub.ingest(ref, [{ type: "track", messageId: "v1", anonymousId: "anon-1", event: "Visited", timestamp: h.clock.now() }]);
    expect(results).toEqual([{ status: "accepted", messageId: "v1" }]);
    await h.stub.flush();
    const profile = await h.stub.getProfile();
    expect([profile?.anonymousId, h.stats[0]?.journeyId]).toEqual(["anon-1", "hello"]);
  });
});

describe("trace", () => {
  it("explains a branch: the condition, the value and the way taken", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "big-cart",
      name: "Big cart",
      trigger: { type: "event", event: "Added To Cart" },
      start: "check",
      nodes: {
        check: { type: "check_attribute", where: { attribute: "cart_items", op: "gt", value: 3 }, yes: "send", no: "end" },
        send: { type: "send", channel: "email", template: "big", next: "end" },
        end: { type: "end" },
      },
    });
    await h.identify({ cart_items: 2 });
    await h.track("Added To Cart");
    const trace = await h.stub.getTrace();
    const branch = trace.find((t) => t.kind === "branch" && t.node === "check");
    expect(branch).toMatchObject({ journeyId: "big-cart", version: 1, runId: "big-cart:1", branch: "no", at: "2026-08-01T10:00:00.000Z" });
    expect(branch?.reason).toContain("cart_items gt 3: 2 → false");
    expect(trace.map((t) => t.kind)).toEqual(["entry", "entered", "branch", "entered", "end"]);
  });
});

describe("backoff", () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [10, 512_000],
    [11, 600_000],
    [40, 600_000],
  ])("attempt %i waits %i ms", (attempt, ms) => {
    expect(backoff(attempt)).toBe(ms);
  });
});

describe("time", () => {
  it("a wait counts from the input's time, not the event's timestamp", async () => {
    const h = harness("2026-08-01T10:00:00Z");
    h.catalog.publish({
      id: "late",
      name: "Late",
      trigger: { type: "event", event: "Signed Up" },
      start: "wait",
      nodes: { wait: { type: "wait", duration: "1h", next: "end" }, end: { type: "end" } },
    });
    await h.send({ type: "track", event: "Signed Up", timestamp: h.clock.now() - 5 * HOUR });
    expect((await h.stub.getProfile())?.runs[0]?.waiting?.until).toBe("2026-08-01T11:00:00.000Z");
  });
});
