/**
 * Persist first, perform second: sends happen after commit, are retried with backoff, never
 * duplicated, and replayed after a crash with the same idempotency key.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import cart from "../../../examples/journeys/02-cart-abandonment.json";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import { HOUR, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";
import { RecordingPerformer } from "./helpers/recording-performer.ts";
import { routingPerformer } from "../../../worker/user/outbox/routing-performer.ts";
import { INLINE_PERFORM_GRACE_MS } from "../../../worker/user/timers/wake-up.ts";

afterEach(() => resetUserObjectDeps());

/** Added To Cart → send email at once. */
const instant = {
  id: "instant",
  name: "Instant",
  trigger: { type: "event", event: "Added To Cart" },
  entry: { reentry: "always" },
  start: "send",
  nodes: { send: { type: "send", channel: "email", template: "hello", next: "end" }, end: { type: "end" } },
};

type OutboxRow = { status: string; attempts: number; next_attempt_at: number; last_error: string | null };

describe("outbox", () => {
  it("a send whose performer throws is retried after 1s, then 2s, and logged once", async () => {
    const h = harness("2026-05-04T12:00:00Z", [
      { type: "throw", message: "provider down" },
      { type: "throw", message: "provider down" },
    ]);
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    const t0 = h.clock.now();
    let [row] = await h.sql<OutboxRow>("SELECT status, attempts, next_attempt_at, last_error FROM outbox");
    expect(row).toEqual({ status: "pending", attempts: 1, next_attempt_at: t0 + 1000, last_error: "threw: provider down" });
    expect(await h.advance(999)).toBe(true); // not due yet: nothing performed
    expect(h.performer.calls).toHaveLength(1);
    await h.advance(1);
    [row] = await h.sql<OutboxRow>("SELECT status, attempts, next_attempt_at, last_error FROM outbox");
    expect(row).toMatchObject({ status: "pending", attempts: 2, next_attempt_at: t0 + 1000 + 2000 });
    await h.advance(2000);
    expect(h.performer.calls.map((c) => [c.attempt, c.at - t0])).toEqual([[1, 0], [2, 1000], [3, 3000]]);
    expect(new Set(h.performer.calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expect((await h.stub.getMessages()).map((m) => [m.template, m.status])).toEqual([["hello", "sent"]]);
    expect(await h.wakeUp()).toBeNull(); // nothing left to do
  });

  it("gives up after 8 attempts: the message is logged failed with the reason", async () => {
    const failures = Array.from({ length: 8 }, () => ({ type: "retry" as const, afterMs: 0, reason: "HTTP 503" }));
    const h = harness("2026-05-04T12:00:00Z", failures);
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    for (let i = 0; i < 8; i += 1) await h.advance(HOUR);
    expect(h.performer.calls).toHaveLength(8);
    const [message] = await h.stub.getMessages();
    expect(message).toMatchObject({ status: "failed", reason: "gave up after 8 attempts: HTTP 503" });
    expect(h.stats.filter((s) => s.kind === "failed").map((s) => s.node)).toEqual(["send"]);
  });

  it("honours a provider's retry-after when it is longer than the backoff", async () => {
    const h = harness("2026-05-04T12:00:00Z", [{ type: "retry", afterMs: 30_000, reason: "HTTP 429" }]);
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    await h.advance(29_999);
    expect(h.performer.calls).toHaveLength(1);
    await h.advance(1);
    expect(h.performer.calls).toHaveLength(2);
  });

  it.each([
    { outcome: { type: "suppressed" as const, reason: "frequency cap 3 per 1d" }, status: "suppressed", reason: "frequency cap 3 per 1d" },
    { outcome: { type: "failed" as const, reason: "template error: subject" }, status: "failed", reason: "template error: subject" },
    { outcome: { type: "unreachable" as const, reason: "hard bounce" }, status: "failed", reason: "unreachable: hard bounce" },
  ])("outcome $outcome.type is logged as $status with its reason, never retried", async ({ outcome, status, reason }) => {
    const h = harness("2026-05-04T12:00:00Z", [outcome]);
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    await h.advance(HOUR);
    expect(h.performer.calls).toHaveLength(1);
    expect((await h.stub.getMessages()).map((m) => [m.status, m.reason])).toEqual([[status, reason]]);
  });

  it("an unreachable outcome marks the channel dead, so is_reachable says no next time", async () => {
    const h = harness("2026-05-04T12:00:00Z", [{ type: "unreachable", reason: "410 Gone" }]);
    h.catalog.publish(cart);
    await h.identify({ cart_items: 1, web_push_subscribed: true });
    await h.track("Added To Cart");
    await h.advance(2 * HOUR);
    expect((await h.stub.getProfile())?.unreachable).toEqual({ web_push: "410 Gone" });
    await h.track("Added To Cart");
    await h.advance(2 * HOUR);
    const branches = (await h.stub.getTrace()).filter((t) => t.node === "push_ok" && t.kind === "branch").map((t) => t.branch);
    expect(branches).toEqual(["yes", "no"]);
  });

  it("a crash between commit and send is replayed by the alarm with the same idempotency key, logged once", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    h.catalog.publish(instant);
    const hanging = new RecordingPerformer();
    let calls = 0;
    setUserObjectDeps({
      performer: () => ({
        perform: (row, context) => {
          calls += 1;
          void hanging.perform(row, context);
          return new Promise(() => {}); // the provider accepted it, then the object died
        },
      }),
    });
    const pending = h.track("Added To Cart").catch((error: unknown) => error);
    await vi.waitFor(() => expect(calls).toBe(1));
    await runInDurableObject(h.stub, (_instance, state) => state.abort("crash")).catch(() => undefined);
    expect(await pending).toBeInstanceOf(Error);
    h.reconnect();
    expect(await h.sql<OutboxRow>("SELECT status, attempts FROM outbox")).toEqual([{ status: "pending", attempts: 0 }]);
    setUserObjectDeps({ performer: () => h.performer });
    expect(await h.advance(INLINE_PERFORM_GRACE_MS)).toBe(true); // armed before the IO, the grace after the commit
    expect(h.performer.calls.map((c) => c.idempotencyKey)).toEqual(hanging.calls.map((c) => c.idempotencyKey));
    expect((await h.stub.getMessages()).map((m) => m.status)).toEqual(["sent"]);
    await h.track("Order Completed");
    expect(h.performer.calls).toHaveLength(1);
  });

  it("ingest answers right after commit: a slow provider does not hold it up", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    h.catalog.publish(instant);
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    setUserObjectDeps({ performer: () => ({ perform: (row, ctx) => gate.then(() => h.performer.perform(row, ctx)) }) });
    const now = h.clock.now();
    const results = await h.stub.ingest(h.ref, [{ type: "track", messageId: "slow", event: "Added To Cart", timestamp: now }]);
    expect(results).toEqual([{ status: "accepted", messageId: "slow" }]);
    expect(await h.stub.getMessages()).toEqual([]);
    release();
    await h.stub.flush();
    expect(await h.sentTemplates()).toEqual(["hello"]);
  });

  it("a deferred send (delivery policy delay) waits without using up an attempt", async () => {
    const h = harness("2026-05-04T22:30:00Z", [{ type: "deferred", until: Date.parse("2026-05-05T08:00:00Z"), reason: "quiet hours 22:00–08:00 UTC" }]);
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    expect(await h.sql<OutboxRow>("SELECT status, attempts, next_attempt_at FROM outbox")).toEqual([
      { status: "pending", attempts: 0, next_attempt_at: Date.parse("2026-05-05T08:00:00Z") },
    ]);
    expect(await h.wakeUp()).toBe(Date.parse("2026-05-05T08:00:00Z")); // when it says: the grace of a fresh row is not added
    h.clock.set(Date.parse("2026-05-05T08:00:00Z"));
    await h.alarm();
    expect(h.performer.calls.map((c) => c.attempt)).toEqual([1, 1]);
    expect((await h.stub.getMessages()).map((m) => [m.status, m.at])).toEqual([["sent", "2026-05-05T08:00:00.000Z"]]);
    const deferred = (await h.stub.getTrace()).find((t) => t.kind === "delivery" && /deferred/.test(t.reason));
    expect(deferred?.reason).toBe("send email hello: deferred to 2026-05-05T08:00:00.000Z: quiet hours 22:00–08:00 UTC");
  });

  it("tells the performer when non-transactional messages went out on the channel (for frequency caps)", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    h.catalog.publish(instant);
    h.catalog.publish({
      ...instant,
      id: "receipt",
      trigger: { type: "event", event: "Order Completed" },
      nodes: { send: { type: "send", channel: "email", template: "receipt", transactional: true, next: "end" }, end: { type: "end" } },
    });
    const t0 = h.clock.now();
    await h.track("Added To Cart");
    h.clock.advance(60_000);
    await h.track("Order Completed");
    h.clock.advance(60_000);
    await h.track("Added To Cart");
    expect(h.performer.calls.map((c) => [c.template, c.sentBefore])).toEqual([
      ["hello", []],
      ["receipt", [t0]],
      ["hello", [t0]],
    ]);
  });

  it("a performer may perform fetch_data itself (rendering the URL first)", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    const seen: string[] = [];
    setUserObjectDeps({
      performer: () => ({
        perform: (row, ctx) => h.performer.perform(row, ctx),
        fetchData: async (row) => {
          seen.push(row.effect.url);
          return { type: "data", requestKey: row.key, ok: true, data: { rendered: true } };
        },
      }),
    });
    h.catalog.publish({
      id: "reco",
      name: "Reco",
      trigger: { type: "event", event: "Course Completed" },
      start: "fetch",
      nodes: {
        fetch: { type: "fetch_data", url: "https://reco.example.com/{{ user.id }}", store_as: "reco", on_error: "end", next: "send" },
        send: { type: "send", channel: "email", template: "reco", next: "end" },
        end: { type: "end" },
      },
    });
    await h.track("Course Completed");
    expect(seen).toEqual(["https://reco.example.com/{{ user.id }}"]);
    expect(h.requests).toEqual([]);
    expect(await h.sentTemplates()).toEqual(["reco"]);
  });

  it("performing the same row twice logs one message", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    h.catalog.publish(instant);
    await h.track("Added To Cart");
    await h.sql("UPDATE outbox SET status = 'pending', attempts = 1, next_attempt_at = 0");
    await h.track("Page Viewed"); // any input performs what is due
    expect(h.performer.calls).toHaveLength(2);
    expect(await h.stub.getMessages()).toHaveLength(1);
  });
});

describe("webhooks and fetch_data", () => {
  const hook = (url: string) => ({
    id: "hook",
    name: "Hook",
    trigger: { type: "event", event: "Signed Up" },
    start: "call",
    nodes: {
      call: { type: "webhook", url, method: "POST", headers: { "x-app": "nudge" }, body: { hello: "world" }, next: "end" },
      end: { type: "end" },
    },
  });

  it("a webhook is POSTed once with its idempotency key; a 500 is retried, a 400 fails for good", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    setUserObjectDeps({ performer: () => routingPerformer({ send: h.performer }) });
    h.catalog.publish(hook("https://hooks.example.com/in"));
    const statuses = [500, 400];
    h.respond = () => new Response("no", { status: statuses.shift() ?? 200 });
    await h.track("Signed Up");
    await h.advance(5_000); // the 500 is retried after 2.5–5 s (backoff with jitter)
    expect(h.requests.map((r) => [r.method, r.url, r.headers.get("x-app"), r.body])).toEqual([
      ["POST", "https://hooks.example.com/in", "nudge", '{"hello":"world"}'],
      ["POST", "https://hooks.example.com/in", "nudge", '{"hello":"world"}'],
    ]);
    const keys = new Set(h.requests.map((r) => r.headers.get("idempotency-key")));
    expect(keys.size).toBe(1);
    expect(await h.sql<OutboxRow>("SELECT status, attempts, last_error FROM outbox")).toEqual([
      { status: "failed", attempts: 2, last_error: "webhook 400: no" },
    ]);
    expect(await h.stub.getMessages()).toEqual([]);
  });

  it("fetch_data failure with on_error: continue goes on without the data", async () => {
    const h = harness("2026-05-04T12:00:00Z");
    h.catalog.publish(cart);
    h.respond = () => new Response("oops", { status: 503 });
    await h.identify({ cart_items: 1, email: "ada@example.com" });
    await h.track("Added To Cart", { category: "hats" });
    await h.advance(2 * HOUR);
    expect(await h.sentTemplates()).toEqual(["cart-email"]);
    const resumed = (await h.stub.getTrace()).find((t) => t.node === "related" && t.kind === "resume");
    expect(resumed?.reason).toMatch(/fetch_data failed \(fetch_data 503: oops\); on_error: continue/);
  });
});
