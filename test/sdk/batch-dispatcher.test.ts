import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Dispatcher, fitBatch } from "../../sdk/delivery/batch-dispatcher.ts";
import { memoryStore } from "../../sdk/delivery/event-store.ts";
import type { BatchBody, NudgeEvent } from "../../sdk/protocol.ts";

interface Call {
  url: string;
  body: BatchBody;
  keepalive: boolean;
}

let n = 0;
const ev = (props: Record<string, string> = {}): NudgeEvent => ({
  type: "track",
  event: "Clicked",
  properties: props,
  messageId: `m${++n}`,
  timestamp: new Date(Date.now() + n).toISOString(),
  anonymousId: "anon-1",
});

function setup(o: Partial<{ flushAt: number; flushInterval: number; maxQueue: number }> = {}) {
  const calls: Call[] = [];
  const answers: (() => Response)[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)), keepalive: !!init.keepalive });
      const a = answers.shift();
      return a ? a() : new Response("{}", { status: 200 });
    }),
  );
  const store = memoryStore();
  const d = new Dispatcher("https://api.test/v1/batch", { writeKey: "wk_test", flushAt: 20, flushInterval: 1000, maxQueue: 1000, ...o }, Promise.resolve(store));
  const ids = (c: Call | undefined): string[] => c?.body.batch.map((e) => e.messageId) ?? [];
  const stored = async (): Promise<string[]> => (await store.oldest(1e4)).map((e) => e.messageId);
  return { d, calls, answers, ids, stored };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: Date.parse("2025-06-01T12:00:00Z") });
  vi.spyOn(Math, "random").mockReturnValue(0);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("batching", () => {
  test("events wait flushInterval, then go out together in one Segment batch", async () => {
    const { d, calls, ids } = setup();
    const events = [ev(), ev(), ev()];
    for (const e of events) await d.add(e);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("https://api.test/v1/batch");
    expect(ids(calls[0])).toEqual(events.map((e) => e.messageId));
    expect(calls[0]?.body.writeKey).toBe("wk_test");
    expect(calls[0]?.body.sentAt).toBe("2025-06-01T12:00:01.000Z");
    expect(calls[0]?.body.batch[0]?.sentAt).toBe("2025-06-01T12:00:01.000Z");
  });

  test("flushAt events go out at once", async () => {
    const { d, calls } = setup({ flushAt: 2 });
    await d.add(ev());
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
  });

  test("a batch stays under 60 KB: a big backlog goes out in several requests", async () => {
    const { d, calls, stored } = setup({ flushAt: 1000 });
    const big = "x".repeat(10_000);
    for (let i = 0; i < 13; i++) await d.add(ev({ big }));
    await d.flush();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const c of calls) expect(new TextEncoder().encode(JSON.stringify(c.body)).length).toBeLessThan(64 * 1024);
    expect(calls.flatMap((c) => c.body.batch)).toHaveLength(13);
    expect(await stored()).toEqual([]);
  });

  test("fitBatch cuts at 100 events and reports events too big to send", () => {
    const many = Array.from({ length: 150 }, () => ev());
    expect(fitBatch(many).batch).toHaveLength(100);
    const huge = ev({ blob: "y".repeat(40_000) });
    expect(fitBatch([huge, ...many.slice(0, 2)])).toEqual({ batch: many.slice(0, 2), tooBig: [huge.messageId] });
  });
});

describe("retries", () => {
  test("a 503 is retried with backoff; the same messageIds are resent and then forgotten", async () => {
    const { d, calls, answers, ids, stored } = setup();
    answers.push(() => new Response("", { status: 503 }), () => new Response("", { status: 503 }));
    const e = ev();
    await d.add(e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499); // backoff(1, random 0) = 500 ms
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000); // backoff(2, 0) = 1000 ms
    expect(calls).toHaveLength(3);
    expect(calls.map(ids)).toEqual([[e.messageId], [e.messageId], [e.messageId]]);
    expect(await stored()).toEqual([]);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(3);
  });

  test("Retry-After holds every send, new events included, until it passes", async () => {
    const { d, calls, answers } = setup();
    answers.push(() => new Response("", { status: 429, headers: { "retry-after": "30" } }));
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(1000);
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(29_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body.batch).toHaveLength(2);
  });

  test("a network error is retried", async () => {
    const { d, calls, answers, stored } = setup();
    answers.push(() => {
      throw new TypeError("Failed to fetch");
    });
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(1500);
    expect(calls).toHaveLength(2);
    expect(await stored()).toEqual([]);
  });

  test("a permanent 4xx drops the batch with a warning and is not retried", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { d, calls, answers, stored } = setup();
    answers.push(() => new Response("", { status: 400 }));
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(await stored()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("answered 400"));
  });
});

describe("offline", () => {
  test("nothing is attempted offline; coming back online sends everything once", async () => {
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const { d, calls, ids, stored } = setup();
    const events = [ev(), ev()];
    for (const e of events) await d.add(e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(0);
    expect(await stored()).toEqual(events.map((e) => e.messageId));
    online.mockReturnValue(true);
    dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    await d.flush();
    expect(calls.map(ids)).toEqual([events.map((e) => e.messageId)]);
    expect(await stored()).toEqual([]);
  });

  test("beyond maxQueue the oldest are dropped, with a warning", async () => {
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { d, stored } = setup({ maxQueue: 3 });
    const events = [ev(), ev(), ev(), ev(), ev()];
    for (const e of events) await d.add(e);
    expect(await stored()).toEqual(events.slice(2).map((e) => e.messageId));
    expect(warn).toHaveBeenCalledWith("nudge: queue full (3 events), dropped the 1 oldest");
  });
});

describe("page hide", () => {
  test("sends this tab's waiting events with keepalive, once, and forgets them after the answer", async () => {
    Object.defineProperty(Request.prototype, "keepalive", { configurable: true, get: () => false });
    const { d, calls, ids, stored } = setup();
    const e = ev();
    await d.add(e);
    d.unload();
    d.unload(); // pagehide after visibilitychange: no second request
    expect(calls.map((c) => c.keepalive)).toEqual([true]);
    expect(ids(calls[0])).toEqual([e.messageId]);
    await vi.advanceTimersByTimeAsync(0);
    expect(await stored()).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(1);
    Reflect.deleteProperty(Request.prototype, "keepalive");
  });

  test("without keepalive support it uses sendBeacon, and keeps the events until a confirmed send", async () => {
    const beacon = vi.spyOn(navigator, "sendBeacon").mockReturnValue(true);
    const { d, stored } = setup();
    const e = ev();
    await d.add(e);
    d.unload();
    expect(beacon).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(beacon.mock.calls[0]?.[1])).batch[0].messageId).toBe(e.messageId);
    expect(await stored()).toEqual([e.messageId]);
  });

  test("an in-flight event is not sent again by page hide", async () => {
    const { d, calls } = setup();
    let release: (r: Response) => void = () => {};
    vi.mocked(fetch).mockImplementationOnce(async (url, init) => {
      calls.push({ url: String(url), body: JSON.parse(String(init?.body)), keepalive: !!init?.keepalive });
      return new Promise<Response>((r) => (release = r));
    });
    const beacon = vi.spyOn(navigator, "sendBeacon").mockReturnValue(true);
    await d.add(ev());
    await vi.advanceTimersByTimeAsync(1000);
    d.unload();
    expect(beacon).not.toHaveBeenCalled();
    release(new Response("{}"));
    await d.flush();
    expect(calls).toHaveLength(1);
  });
});
