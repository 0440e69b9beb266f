/**
 * Journey stats leave the user object in batches: deltas are stored with the input that caused
 * them, sent at most once per STATS_FLUSH_MS (the alarm sends what an idle user left), and kept
 * when the send fails. The alarm is armed lazily: a burst of events costs one alarm write.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import type { StatsDelta } from "../../../worker/user/stats/stats-delta.ts";
import { STATS_FLUSH_MS, flushStats } from "../../../worker/user/stats/stats-flush.ts";
import { createUserStore } from "../../../worker/user/store/user-store.ts";
import { MINUTE, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const sendAtOnce = {
  id: "instant",
  name: "Send at once",
  trigger: { type: "event", event: "Ping" },
  entry: { reentry: "always" },
  start: "send",
  nodes: { send: { type: "send", channel: "email", template: "hello", next: "end" }, end: { type: "end" } },
};

/** A stats sink that records each call's deltas separately. */
function recordingSink(): { calls: StatsDelta[][]; sink: (deltas: readonly StatsDelta[]) => Promise<void> } {
  const calls: StatsDelta[][] = [];
  return { calls, sink: async (deltas) => void calls.push([...deltas]) };
}

const kinds = (deltas: readonly StatsDelta[]) => deltas.map((d) => `${d.kind}:${d.node ?? "journey"}`);

describe("stats batching", () => {
  it("a user's first event is counted at once; the next ones within STATS_FLUSH_MS wait in storage and leave together", async () => {
    const h = harness("2026-07-01T09:00:00Z");
    const recorder = recordingSink();
    setUserObjectDeps({ stats: () => recorder.sink });
    h.catalog.publish(sendAtOnce);
    const t0 = h.clock.now();
    const ping = async (i: number, at: number) => {
      h.clock.set(t0 + at);
      await h.stub.ingest(h.ref, [{ type: "track", messageId: `p-${i}`, event: "Ping", timestamp: h.clock.now(), userId: h.ref.userId }]);
    };
    await ping(0, 0);
    await ping(1, 1_000);
    await ping(2, 2_000);
    const entries = (deltas: StatsDelta[] = []) => deltas.filter((d) => d.kind === "entered" && d.node === null).length;
    expect(recorder.calls.map(entries)).toEqual([1]); // the first event's stats, sent right after its send
    expect(recorder.calls[0]?.find((d) => d.kind === "entered" && d.node === null)?.user).toBe(`test-ws:${h.ref.userId}`);
    const waiting = await h.sql<{ n: number }>("SELECT COUNT(*) AS n FROM stats_pending");
    expect(waiting[0]?.n).toBeGreaterThanOrEqual(2 * 3); // stored with the inputs that caused them
    expect(await h.wakeUp()).toBe(t0 + 1_000 + STATS_FLUSH_MS); // the oldest waiting delta's deadline

    h.clock.set(t0 + 1_000 + STATS_FLUSH_MS);
    await runDurableObjectAlarm(h.stub); // the alarm's own flush, not forced
    expect(recorder.calls.map(entries)).toEqual([1, 2]);
    expect(recorder.calls[1]?.filter((d) => d.kind === "exited" && d.node === "end")).toHaveLength(2);
    expect(await h.sql("SELECT seq FROM stats_pending")).toEqual([]);
    expect((await h.stub.getMessages()).map((m) => m.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("an alarm that wakes for waiting stats alone sends them without a session (no catalog read); a refused send is retried STATS_FLUSH_MS later", async () => {
    const h = harness("2026-07-01T09:00:00Z");
    let failing = false;
    const calls: StatsDelta[][] = [];
    setUserObjectDeps({
      stats: () => async (deltas) => {
        if (failing) throw new Error("queue unavailable");
        calls.push([...deltas]);
      },
    });
    h.catalog.publish(sendAtOnce);
    // Straight to the object (h.track would also flush stats when done).
    const ping = (i: number) => h.stub.ingest(h.ref, [{ type: "track", messageId: `w-${i}`, event: "Ping", timestamp: h.clock.now(), userId: h.ref.userId }]);
    await ping(0); // counted at once
    h.clock.advance(1_000);
    await ping(1); // waits
    h.clock.advance(1_000);
    await ping(2);
    await vi.waitFor(async () => expect((await h.stub.getMessages()).length).toBe(3));
    expect(calls).toHaveLength(1);
    const due = h.clock.now() - 1_000 + STATS_FLUSH_MS;
    expect(await h.wakeUp()).toBe(due);
    h.clock.set(due);
    failing = true;
    const reads = h.catalog.reads;
    await h.alarm();
    expect(calls).toHaveLength(1);
    expect(await h.wakeUp()).toBe(due); // still waiting…
    expect(await runInDurableObject(h.stub, (_o, state) => state.storage.getAlarm())).not.toBeNull(); // …and the alarm armed again (for later)
    failing = false;
    h.clock.advance(STATS_FLUSH_MS);
    await h.alarm();
    expect(h.catalog.reads).toBe(reads); // neither wake-up needed the catalog
    expect(calls.map((c) => c.filter((d) => d.kind === "entered" && d.node === null).length)).toEqual([1, 2]);
    expect(await h.wakeUp()).toBeNull();
  });

  it("a failed send keeps the deltas: the next flush sends them, once", async () => {
    const h = harness("2026-07-01T09:00:00Z");
    h.catalog.publish(sendAtOnce);
    await h.track("Ping");
    const sent: StatsDelta[][] = [];
    let failing = true;
    const sink = async (deltas: readonly StatsDelta[]) => {
      if (failing) throw new Error("queue unavailable");
      sent.push([...deltas]);
    };
    const delta = (kind: StatsDelta["kind"], node: string | null): StatsDelta => ({ workspace: "test-ws", journeyId: "instant", version: 1, node, kind, at: 0 });
    await runInDurableObject(h.stub, async (_o, state) => {
      const store = createUserStore(state.storage);
      store.stats.add([delta("entered", null), delta("entered", "send")], 1_000);
      const lastSent = 500;
      expect(await flushStats(store, sink, { now: lastSent + STATS_FLUSH_MS - 1, lastSent, force: false })).toBe(0); // too soon after the last send
      expect(await flushStats(store, sink, { now: lastSent + STATS_FLUSH_MS, lastSent, force: false })).toBe(0); // due, but the send fails
      expect(store.stats.waiting().count).toBe(2);
      failing = false;
      expect(await flushStats(store, sink, { now: lastSent + STATS_FLUSH_MS + 1, lastSent, force: false })).toBe(2);
      expect(await flushStats(store, sink, { now: lastSent + STATS_FLUSH_MS + 2, lastSent, force: true })).toBe(0); // nothing left to send twice
    });
    expect(sent.map(kinds)).toEqual([["entered:journey", "entered:send"]]);
  });

  it("a burst of events that send arms the alarm once; only a due time earlier than the armed one re-arms it", async () => {
    const h = harness("2026-07-01T09:00:00Z");
    h.catalog.publish(sendAtOnce);
    h.catalog.publish({
      id: "soon",
      name: "Wait two minutes",
      trigger: { type: "event", event: "Soon" },
      start: "wait",
      nodes: { wait: { type: "wait", duration: "2m", next: "end" }, end: { type: "end" } },
    });
    await h.track("Ping"); // arms the alarm for the first time
    const armed: number[] = [];
    await runInDurableObject(h.stub, (_o, state) => {
      const setAlarm = state.storage.setAlarm.bind(state.storage);
      state.storage.setAlarm = (time, options) => {
        armed.push(typeof time === "number" ? time : time.getTime());
        return setAlarm(time, options);
      };
    });
    for (let i = 0; i < 5; i++) {
      h.clock.advance(1_000);
      await h.track("Ping");
    }
    expect(armed).toEqual([]); // the alarm armed for the first send already fires early enough
    expect((await h.stub.getMessages()).length).toBe(6);
    h.clock.advance(1_000);
    await h.track("Soon"); // due in two minutes: later than what is armed, so nothing to do
    expect(armed).toEqual([]);
    await h.advance(STATS_FLUSH_MS); // the alarm armed by the first send fires, then is re-armed for the timer
    expect(armed).toHaveLength(1);
    const timerDue = h.clock.now() - STATS_FLUSH_MS + 2 * MINUTE;
    expect(await h.wakeUp()).toBe(timerDue);
    await h.track("Ping"); // its outbox row needs a wake-up before the timer's: re-armed earlier
    expect(armed).toHaveLength(2);
    expect(await h.wakeUp()).toBe(timerDue); // the row was sent and its stats flushed: the timer is next
  });
});

