/** The isolate cache behind the catalog reader: TTL, LRU bound, writes that overtake loads. */
import { describe, expect, it } from "vitest";
import { TtlCache } from "../../../worker/catalog/ttl-cache.ts";

function fakeClock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe("TtlCache", () => {
  it("serves a fresh entry without loading, and reloads once it is stale", async () => {
    const clock = fakeClock();
    const cache = new TtlCache<string>({ ttlMs: 5_000, now: clock.now });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.get("k", load)).toBe("v1");
    clock.advance(4_999);
    expect(await cache.get("k", load)).toBe("v1");
    clock.advance(1);
    expect(await cache.get("k", load)).toBe("v2");
  });

  it("keeps immutable entries forever", async () => {
    const clock = fakeClock();
    const cache = new TtlCache<string>({ ttlMs: Number.POSITIVE_INFINITY, now: clock.now });
    await cache.get("k", async () => "first");
    clock.advance(365 * 86_400_000);
    expect(await cache.get("k", async () => "second")).toBe("first");
  });

  it("never hands one caller's pending load to another (workerd forbids cross-object I/O)", async () => {
    const cache = new TtlCache<number>({ ttlMs: 1_000 });
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a, b, loads]).toEqual([1, 2, 2]);
    expect(await cache.get("k", load)).toBe(2);
  });

  it("lets a write overtake a load in flight (the load's older value is not kept)", async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000 });
    let release: (v: string) => void = () => {};
    const pending = cache.get("k", () => new Promise<string>((resolve) => (release = resolve)));
    cache.set("k", "written");
    release("loaded-before-the-write");
    await pending;
    expect(await cache.get("k", async () => "reloaded")).toBe("written");
  });

  it("does not cache a failed load", async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000 });
    await expect(cache.get("k", async () => Promise.reject(new Error("KV down")))).rejects.toThrow("KV down");
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });

  it("evicts the least recently used entry past max", async () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, max: 2 });
    await cache.get("a", async () => "a1");
    await cache.get("b", async () => "b1");
    await cache.get("a", async () => "a2");
    await cache.get("c", async () => "c1");
    expect(await cache.get("a", async () => "a3")).toBe("a1");
    expect(await cache.get("b", async () => "b2")).toBe("b2");
  });
});
