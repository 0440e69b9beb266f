/**
 * Entry and lifecycle rules through the real object: exit while waiting, re-entry, keys, version
 * pinning across a publish, pause and archive.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { createUserStore } from "../../../worker/user/store/user-store.ts";
import { DAY, HOUR, MINUTE, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

/** Added To Cart → wait → send `template`; exit on Order Completed. */
function reminder(opts: { reentry?: unknown; key?: string; wait?: string; template?: string } = {}) {
  return {
    id: "reminder",
    name: "Reminder",
    trigger: { type: "event", event: "Added To Cart" },
    entry: { reentry: opts.reentry ?? "always", ...(opts.key ? { key: opts.key } : {}) },
    exit: { events: [{ event: "Order Completed" }] },
    start: "wait",
    nodes: {
      wait: { type: "wait", duration: opts.wait ?? "1h", next: "send" },
      send: { type: "send", channel: "email", template: opts.template ?? "reminder-v1", next: "end" },
      end: { type: "end" },
    },
  };
}

describe("exit rules", () => {
  it("an exit event ends the run while it waits: its timer is gone and nothing is sent", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder());
    await h.track("Added To Cart");
    expect(await h.sql("SELECT id FROM timers")).toHaveLength(1);
    h.clock.advance(10 * MINUTE);
    await h.track("Order Completed");
    expect(await h.sql("SELECT id FROM timers")).toEqual([]);
    expect(await h.wakeUp()).toBeNull(); // nothing left to wake up for
    await h.advance(HOUR); // an alarm armed earlier may still fire: it finds nothing
    expect(await h.stub.getMessages()).toEqual([]);
    const end = (await h.stub.getTrace()).find((t) => t.kind === "end");
    expect(end?.reason).toMatch(/exit_event/);
    expect(end?.node).toBe("wait");
  });
});

describe("re-entry", () => {
  it.each([
    { reentry: "never", entries: 1 },
    { reentry: "always", entries: 2 },
    { reentry: { after: "2d" }, entries: 1 },
    { reentry: { after: "1d" }, entries: 2 },
  ])("reentry $reentry: two carts 1 day apart (first run done) → $entries run(s)", async ({ reentry, entries }) => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ reentry }));
    await h.track("Added To Cart");
    await h.advance(HOUR);
    h.clock.set(Date.parse("2026-04-02T09:00:00Z"));
    await h.track("Added To Cart");
    await h.advance(HOUR);
    expect(await h.sentTemplates()).toHaveLength(entries);
  });

  it("a second trigger while the run is active does not start another, and the trace says why", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder());
    await h.track("Added To Cart");
    await h.track("Added To Cart");
    expect((await h.stub.getProfile())?.runs).toHaveLength(1);
    const refused = (await h.stub.getTrace()).filter((t) => t.kind === "entry" && /not entered/.test(t.reason));
    expect(refused.map((t) => t.reason)).toEqual(["Added To Cart: not entered, already active"]);
  });

  it("entry rules read one line per key however often the user entered: 40 earlier runs of cart A, then A within a day is refused, B enters", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ reentry: { after: "1d" }, key: "cart_id" }));
    for (let day = 0; day < 40; day += 1) {
      h.clock.set(Date.parse("2026-04-01T09:00:00Z") + day * DAY);
      await h.track("Added To Cart", { cart_id: "A" });
      await h.advance(HOUR);
    }
    expect(await h.sentTemplates()).toHaveLength(40);
    h.clock.advance(12 * HOUR);
    await h.track("Added To Cart", { cart_id: "A" }); // 13 h after the 40th entry
    await h.track("Added To Cart", { cart_id: "B" });
    expect((await h.stub.getProfile())?.runs.map((r) => r.key)).toEqual(["B"]);
    const refused = (await h.stub.getTrace()).filter((t) => t.kind === "entry" && /not entered/.test(t.reason));
    expect(refused.map((t) => t.reason)).toEqual(['Added To Cart: not entered, entered less than 1d ago for cart_id "A" (reentry after 1d)']);
    const prior = await runInDurableObject(h.stub, (_o, state) => createUserStore(state.storage).runs.priorEntries("reminder"));
    expect(prior.map((p) => [p.key, p.active])).toEqual([["A", false], ["B", true]]);
    expect(prior[0]?.enteredAt).toBe(Date.parse("2026-04-01T09:00:00Z") + 39 * DAY);
  });

  it("with an entry key, two carts run side by side and an exit for one cart ends only that run", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ key: "cart_id" }));
    await h.track("Added To Cart", { cart_id: "A" });
    await h.track("Added To Cart", { cart_id: "B" });
    expect((await h.stub.getProfile())?.runs.map((r) => r.key)).toEqual(["A", "B"]);
    await h.track("Order Completed", { cart_id: "A" });
    expect((await h.stub.getProfile())?.runs.map((r) => r.key)).toEqual(["B"]);
    await h.advance(HOUR);
    expect(await h.sentTemplates()).toEqual(["reminder-v1"]);
  });
});

describe("versions and lifecycle", () => {
  it("a run in flight finishes on the version it started; new entries take the new version", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ template: "reminder-v1", key: "cart_id" }));
    await h.track("Added To Cart", { cart_id: "A" });
    expect(h.catalog.publish(reminder({ template: "reminder-v2", key: "cart_id" }))).toBe(2);
    h.clock.advance(30 * MINUTE);
    await h.track("Added To Cart", { cart_id: "B" });
    await h.advance(30 * MINUTE); // run A due
    await h.advance(30 * MINUTE); // run B due
    const messages = await h.stub.getMessages();
    expect(messages.map((m) => [m.template, m.version])).toEqual([
      ["reminder-v1", 1],
      ["reminder-v2", 2],
    ]);
  });

  it("a paused journey takes no new entries but its runs go on", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ key: "cart_id" }));
    await h.track("Added To Cart", { cart_id: "A" });
    h.catalog.setStatus("reminder", "paused");
    await h.track("Added To Cart", { cart_id: "B" });
    await h.advance(HOUR);
    expect(await h.sentTemplates()).toEqual(["reminder-v1"]);
    expect((await h.stub.getTrace()).some((t) => t.reason === "Added To Cart: not entered, the journey is paused")).toBe(true);
  });

  it("an archived journey's run ends at its next timer, without sending", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder());
    await h.track("Added To Cart");
    h.catalog.setStatus("reminder", "archived");
    await h.advance(HOUR);
    expect(await h.stub.getMessages()).toEqual([]);
    expect((await h.stub.getTrace()).find((t) => t.kind === "end")?.reason).toMatch(/archived/);
  });

  it("archiveJourney ends the runs at once and clears their timers", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder({ key: "cart_id" }));
    await h.track("Added To Cart", { cart_id: "A" });
    await h.track("Added To Cart", { cart_id: "B" });
    h.catalog.setStatus("reminder", "archived");
    expect(await h.stub.archiveJourney("reminder")).toEqual({ ended: 2 });
    await h.stub.flush();
    expect((await h.stub.getProfile())?.runs).toEqual([]);
    expect(await h.sql("SELECT id FROM timers")).toEqual([]);
    expect(h.stats.filter((s) => s.kind === "exited").map((s) => [s.node, s.reason])).toEqual([
      ["wait", "archived"],
      ["wait", "archived"],
    ]);
  });

  it("manual entry (specific users) starts a run with the given properties; other journeys refuse it", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish({
      id: "welcome",
      name: "Welcome",
      trigger: { type: "manual" },
      start: "send",
      nodes: { send: { type: "send", channel: "email", template: "welcome", next: "end" }, end: { type: "end" } },
    });
    h.catalog.publish(reminder());
    expect(await h.stub.enterJourney(h.ref, "welcome", { source: "csv" }, { email: "ada@example.com" })).toEqual({
      entered: true,
      runId: "welcome:1",
    });
    await h.stub.flush();
    expect(await h.sentTemplates()).toEqual(["welcome"]);
    expect((await h.stub.getProfile())?.traits).toEqual({ email: "ada@example.com" });
    expect(await h.stub.enterJourney(h.ref, "reminder")).toEqual({ entered: false, reason: "journey reminder has no manual trigger" });
    expect(await h.stub.enterJourney(h.ref, "nope")).toEqual({ entered: false, reason: "journey nope is not published" });
  });

  it("stats: entered, left, exited per node, with the object name on journey entry", async () => {
    const h = harness("2026-04-01T09:00:00Z");
    h.catalog.publish(reminder());
    await h.track("Added To Cart");
    await h.advance(DAY);
    expect(h.stats.map((s) => [s.kind, s.node])).toEqual([
      ["entered", null],
      ["entered", "wait"],
      ["left", "wait"],
      ["entered", "send"],
      ["left", "send"],
      ["entered", "end"],
      ["exited", "end"],
    ]);
    expect(h.stats[0]).toMatchObject({ workspace: "test-ws", journeyId: "reminder", version: 1, user: `test-ws:${h.ref.userId}` });
  });
});
