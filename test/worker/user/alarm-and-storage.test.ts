/**
 * One alarm for every due time; migrations; erasing; the bounded tables.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../../worker/user/store/migrations.ts";
import { createUserStore } from "../../../worker/user/store/user-store.ts";
import { nextWakeUp } from "../../../worker/user/timers/wake-up.ts";
import { DAY, HOUR, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const waitThenSend = (wait: string) => ({
  id: "later",
  name: "Later",
  trigger: { type: "event", event: "Added To Cart" },
  entry: { reentry: "always", key: "cart_id" },
  start: "wait",
  nodes: {
    wait: { type: "wait", duration: wait, next: "send" },
    send: { type: "send", channel: "email", template: "later", next: "end" },
    end: { type: "end" },
  },
});

describe("alarm", () => {
  it("one alarm handles 500 overdue timers, in due order, and then deletes itself", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    h.catalog.publish(waitThenSend("2h"));
    h.catalog.publish({ ...waitThenSend("1h"), id: "sooner" });
    const carts = (from: number) =>
      Array.from({ length: 250 }, (_, i) => ({
        type: "track" as const,
        messageId: `cart-${from + i}`,
        event: "Added To Cart",
        properties: { cart_id: `c${from + i}` },
        timestamp: h.clock.now(),
      }));
    h.catalog.setStatus("sooner", "paused");
    expect((await h.stub.ingest(h.ref, carts(0))).every((r) => r.status === "accepted")).toBe(true); // "later" runs, due at +2h
    h.clock.advance(30 * 60_000);
    h.catalog.setStatus("later", "paused");
    h.catalog.setStatus("sooner", "active");
    await h.stub.ingest(h.ref, carts(250)); // "sooner" runs, due at +1h30
    expect(await h.sql("SELECT id FROM timers")).toHaveLength(500);
    expect(await h.advance(3 * HOUR)).toBe(true); // all overdue by now
    expect(await h.sql("SELECT id FROM timers")).toEqual([]);
    const order = h.performer.calls.map((c) => c.key.split(":").slice(0, 2).join(":"));
    const runs = (journey: string) => Array.from({ length: 250 }, (_, i) => `${journey}:${i + 1}`);
    expect(order).toEqual([...runs("sooner"), ...runs("later")]);
    expect(await h.stub.getMessages()).toHaveLength(500);
    expect((await h.stub.getProfile())?.runs).toEqual([]);
    expect(await h.wakeUp()).toBeNull();
  });

  it("is armed at the earliest of run timers, outbox retries and segment windows", async () => {
    const h = harness("2026-06-01T00:00:00Z", [{ type: "retry", afterMs: 0, reason: "busy" }]);
    h.catalog.setSegments([{ id: "quiet", name: "Quiet", inactive_for: "2h" }]);
    h.catalog.publish(waitThenSend("3h"));
    const t0 = h.clock.now();
    await h.track("Added To Cart", { cart_id: "a" });
    const wake = () => runInDurableObject(h.stub, (_o, state) => nextWakeUp(createUserStore(state.storage)));
    expect(await wake()).toBe(t0 + 2 * HOUR); // the segment window comes before the 3h timer
    await h.advance(2 * HOUR);
    expect((await h.stub.getProfile())?.segments).toEqual(["quiet"]);
    expect(await wake()).toBe(t0 + 3 * HOUR);
    await h.advance(HOUR); // the send fails once: retry in 1s
    expect(await wake()).toBe(t0 + 3 * HOUR + 1000);
    await h.advance(1000);
    expect(await wake()).toBeNull();
    // An alarm armed for the stats sent meanwhile fires once more, finds nothing, and is not re-armed.
    await h.alarm();
    expect(await runInDurableObject(h.stub, (_o, state) => state.storage.getAlarm())).toBeNull();
  });

  it("an alarm that cannot read the catalog keeps its timers and runs again later", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    h.catalog.publish(waitThenSend("1h"));
    await h.track("Added To Cart", { cart_id: "a" });
    h.catalog.failing = true;
    expect(await h.advance(HOUR)).toBe(true);
    expect(await h.stub.getMessages()).toEqual([]);
    expect(await h.sql("SELECT id FROM timers")).toHaveLength(1);
    h.catalog.failing = false;
    expect(await h.alarm()).toBe(true); // re-armed by the failed run
    expect(await h.sentTemplates()).toEqual(["later"]);
  });

  it("an alarm that fires before anything is due only re-arms: no catalog read, and the timer still fires on time", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    h.catalog.publish(waitThenSend("1h"));
    await h.track("Added To Cart", { cart_id: "a" });
    const due = h.clock.now() + HOUR;
    // Armed (a day of real time away, as the manual clock arms) though the timer is not due: the
    // lazy alarm leaves an alarm armed early, e.g. for an outbox row that was sent inline meanwhile.
    await runInDurableObject(h.stub, (_o, state) => state.storage.setAlarm(Date.now() + 86_400_000));
    h.catalog.failing = true; // a session would need the catalog; an early wake-up must not
    const reads = h.catalog.reads;
    h.clock.advance(1_000);
    expect(await h.alarm()).toBe(true);
    expect(h.catalog.reads).toBe(reads);
    expect(await runInDurableObject(h.stub, (_o, state) => state.storage.getAlarm())).not.toBeNull(); // re-armed
    expect(await h.wakeUp()).toBe(due);
    h.catalog.failing = false;
    h.clock.set(due);
    expect(await h.alarm()).toBe(true);
    expect(await h.sentTemplates()).toEqual(["later"]);
  });

  it("a timer of a run that ended is ignored, never sending", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    h.catalog.publish({ ...waitThenSend("1h"), exit: { events: [{ event: "Order Completed" }] } });
    await h.track("Added To Cart", { cart_id: "a" });
    await h.sql("CREATE TABLE keep AS SELECT * FROM timers");
    await h.track("Order Completed", { cart_id: "a" });
    await h.sql("INSERT INTO timers SELECT * FROM keep"); // a stale timer survives, e.g. from an older build
    await h.track("Page Viewed"); // any input re-arms the alarm
    await h.advance(HOUR);
    expect(await h.stub.getMessages()).toEqual([]);
    expect(await h.sql("SELECT id FROM timers")).toEqual([]);
  });
});

describe("storage", () => {
  it("migrations are idempotent: a second run changes nothing and keeps the data", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    await h.identify({ plan: "pro" });
    const result = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      return [store.migrate(), store.migrate()];
    });
    expect(result).toEqual([
      { from: SCHEMA_VERSION, to: SCHEMA_VERSION },
      { from: SCHEMA_VERSION, to: SCHEMA_VERSION },
    ]);
    expect(await h.sql("SELECT version FROM schema_version")).toEqual([{ version: SCHEMA_VERSION }]);
    expect((await h.stub.getProfile())?.traits).toEqual({ plan: "pro" });
  });

  it("upgrades a version-1 store to the current schema, keeping its rows", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    await h.identify({ plan: "pro" });
    await h.sql("DROP TABLE messages");
    await h.sql(
      "CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, journey TEXT NOT NULL, version INTEGER NOT NULL, node TEXT NOT NULL, channel TEXT NOT NULL, template TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, provider TEXT, provider_id TEXT, at INTEGER NOT NULL)",
    );
    await h.sql("INSERT INTO messages (key, journey, version, node, channel, template, status, at) VALUES ('k', 'j', 1, 'n', 'email', 't', 'sent', 5)");
    await h.sql("DROP INDEX outbox_delivery_key");
    await h.sql("ALTER TABLE outbox DROP COLUMN delivery_key");
    await h.sql("UPDATE schema_version SET version = 1");
    const result = await runInDurableObject(h.stub, (_o, state) => createUserStore(state.storage).migrate());
    expect(result).toEqual({ from: 1, to: SCHEMA_VERSION });
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(await h.sql("SELECT key, transactional FROM messages")).toEqual([{ key: "k", transactional: 0 }]);
    expect(await h.sql("SELECT delivery_key FROM outbox")).toEqual([]);
    expect((await h.stub.getProfile())?.traits).toEqual({ plan: "pro" });
  });

  it("deleteAll erases the profile, history, runs and alarm; the object starts afresh", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    h.catalog.publish(waitThenSend("1h"));
    await h.identify({ email: "ada@example.com" });
    await h.track("Added To Cart", { cart_id: "a" });
    await h.stub.deleteAll();
    expect(await h.stub.getProfile()).toBeNull();
    expect(await h.stub.getTrace()).toEqual([]);
    expect(await runInDurableObject(h.stub, (_o, state) => state.storage.getAlarm())).toBeNull();
    await h.track("Added To Cart", { cart_id: "b" }); // still works, with a fresh schema
    expect((await h.stub.getProfile())?.runs).toHaveLength(1);
  });

  it("keeps the trace bounded to the last 2,000 lines", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    await h.track("Noise");
    await h.sql(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100) INSERT INTO trace (at, run_id, kind, reason) SELECT i, '', 'error', 'filler ' || i FROM n",
    );
    h.catalog.publish(waitThenSend("1h"));
    await h.track("Added To Cart", { cart_id: "a" });
    const trace = await h.stub.getTrace();
    expect(trace).toHaveLength(2000);
    expect(trace.at(-1)?.kind).toBe("wait");
    for (let i = 0; i < 40; i++) await h.track("Added To Cart", { cart_id: `more-${i}` });
    const [stored] = await h.sql<{ n: number }>("SELECT COUNT(*) AS n FROM trace");
    expect(stored?.n).toBeLessThanOrEqual(2100); // older lines are deleted every 100 appended
  });

  it("drops events older than 90 days from the history", async () => {
    const h = harness("2026-01-01T00:00:00Z");
    await h.track("Logged In");
    h.clock.advance(91 * DAY);
    await h.track("Logged In");
    expect(await h.sql("SELECT name, at FROM events WHERE name = 'Logged In'")).toEqual([{ name: "Logged In", at: h.clock.now() }]);
  });
});
