/**
 * The stores keep some rows in memory (profile, meta values, event-name revisions, the oldest
 * event's time) so an event costs fewer SQLite statements. These tests show that the memory never
 * answers differently from storage: after a rolled-back transaction, after an erase, and that
 * retention still drops events exactly 90 days old on the next event.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { EVENT_RETENTION_MS } from "../../../worker/user/store/event-store.ts";
import type { Profile } from "../../../worker/user/store/profile-store.ts";
import { createUserStore } from "../../../worker/user/store/user-store.ts";
import { DAY, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const profile = (plan: string): Profile => ({
  workspace: "test-ws",
  userId: "u1",
  anonymousId: null,
  traits: { plan },
  timeZone: null,
  unreachable: {},
  firstSeen: 1,
  lastSeen: 2,
});

const fail = (): never => {
  throw new Error("rolled back on purpose");
};

describe("in-memory copies of stored rows", () => {
  it("a rolled-back transaction leaves neither its profile nor its meta values behind", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    const seen = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      store.transaction(() => {
        store.profile.save(profile("free"));
        store.meta.set("k", "a");
        store.meta.next("n");
      });
      expect(() =>
        store.transaction(() => {
          store.profile.save(profile("pro"));
          store.meta.set("k", "b");
          store.meta.next("n");
          expect(store.profile.get()?.traits).toEqual({ plan: "pro" }); // read your own writes inside
          fail();
        }),
      ).toThrow("rolled back on purpose");
      return { plan: store.profile.get()?.traits["plan"], k: store.meta.get("k"), n: store.meta.next("n") };
    });
    expect(seen).toEqual({ plan: "free", k: "a", n: 2 });
  });

  it("trace lines of a rolled-back savepoint are dropped, the outer transaction's are kept, in order", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    const line = (reason: string) => ({ at: 1, runId: "", journeyId: null, version: null, node: null, kind: "error" as const, reason });
    const reasons = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      store.transaction(() => {
        store.trace.append([line("outer 1")]);
        expect(() => store.transaction(() => (store.trace.append([line("inner, undone")]), fail()))).toThrow();
        store.transaction(() => store.trace.append([line("inner, kept")]));
        store.trace.append([line("outer 2")]);
      });
      expect(() => store.transaction(() => (store.trace.append([line("all undone")]), fail()))).toThrow();
      store.trace.append([line("outside any transaction")]);
      return store.trace.list().map((t) => t.reason);
    });
    expect(reasons).toEqual(["outer 1", "inner, kept", "outer 2", "outside any transaction"]);
  });

  it("the count of waiting stats deltas follows rollbacks and sends", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    const delta = { workspace: "test-ws", journeyId: "j", version: 1, node: null, kind: "entered" as const, at: 1 };
    const seen = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      const counts: number[] = [store.stats.waiting().count];
      store.transaction(() => store.stats.add([delta, delta], 10));
      counts.push(store.stats.waiting().count);
      expect(() => store.transaction(() => (store.stats.add([delta], 20), fail()))).toThrow();
      counts.push(store.stats.waiting().count);
      const { through } = store.stats.take(1);
      store.transaction(() => store.stats.remove(through));
      counts.push(store.stats.waiting().count);
      return { counts, oldest: store.stats.waiting().oldest };
    });
    expect(seen).toEqual({ counts: [0, 2, 2, 1], oldest: 10 });
  });

  it("each get returns its own copy: changing one does not change what the store holds", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    const traits = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      store.transaction(() => store.profile.save(profile("free")));
      const copy = store.profile.get();
      if (copy !== null) copy.traits["plan"] = "changed by a caller";
      return store.profile.get()?.traits;
    });
    expect(traits).toEqual({ plan: "free" });
  });

  it("erasing the user forgets the profile held in memory", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    await h.identify({ plan: "pro" });
    expect((await h.stub.getProfile())?.traits).toEqual({ plan: "pro" });
    await h.stub.deleteAll();
    expect(await h.stub.getProfile()).toBeNull();
    await h.track("Page Viewed");
    expect((await h.stub.getProfile())?.traits).toEqual({});
  });

  it("an event name's revision changes when one of its events is stored or pruned, and only then", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    const now = h.clock.now();
    const steps = await runInDurableObject(h.stub, (_o, state) => {
      const store = createUserStore(state.storage);
      const insert = (id: string, name: string, at: number) => store.transaction(() => store.events.insert({ messageId: id, type: "event", name, properties: {}, at }));
      const orders = () => store.events.revision("Order Completed").revision;
      const views = () => store.events.revision("Page Viewed").revision;
      insert("old", "Order Completed", now - EVENT_RETENTION_MS - DAY);
      store.events.prune(now - DAY); // not 90 days old yet at that time
      const [o0, v0] = [orders(), views()];
      insert("p1", "Page Viewed", now);
      const [o1, v1] = [orders(), views()];
      const stored = store.events.revision("Page Viewed").latestAt;
      insert("p1", "Page Viewed", now); // a replay stores nothing
      const [o2, v2] = [orders(), views()];
      store.transaction(() => store.events.prune(now)); // drops the old order
      const [o3, v3] = [orders(), views()];
      return {
        otherName: o1 === o0 && v1 !== v0,
        stored: stored === now,
        replay: o2 === o1 && v2 === v1,
        pruned: o3 !== o2 && v3 !== v2,
        ordersLeft: store.events.count("Order Completed", undefined, now),
      };
    });
    expect(steps).toEqual({ otherName: true, stored: true, replay: true, pruned: true, ordersLeft: 0 });
  });

  it("an event past 90 days is dropped by the very next event, as before the oldest time was kept in memory", async () => {
    const h = harness("2026-06-01T00:00:00Z");
    await h.track("Order Completed");
    await h.track("Page Viewed");
    h.clock.set(h.clock.now() + EVENT_RETENTION_MS - DAY);
    await h.track("Page Viewed"); // not yet
    expect(await h.sql("SELECT name FROM events WHERE type = 'event' ORDER BY seq")).toEqual([{ name: "Order Completed" }, { name: "Page Viewed" }, { name: "Page Viewed" }]);
    h.clock.set(h.clock.now() + 2 * DAY);
    await h.track("Page Viewed");
    expect(await h.sql("SELECT name FROM events WHERE type = 'event' ORDER BY seq")).toEqual([{ name: "Page Viewed" }, { name: "Page Viewed" }]);
  });
});
