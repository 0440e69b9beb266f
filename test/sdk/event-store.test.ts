import "fake-indexeddb/auto";
import { describe, expect, test, vi } from "vitest";
import { memoryStore, openEventStore, type EventStore } from "../../sdk/delivery/event-store.ts";
import type { NudgeEvent } from "../../sdk/protocol.ts";

let n = 0;
const ev = (timestamp: string, messageId = `m${++n}`): NudgeEvent => ({ type: "track", event: "E", properties: {}, messageId, timestamp, anonymousId: "a" });

const stores: [string, () => Promise<EventStore>][] = [
  ["IndexedDB", () => openEventStore(`test-${Math.random()}`)],
  ["memory", async () => memoryStore()],
];

describe.each(stores)("%s event store", (_, open) => {
  test("returns events oldest first, whatever the insertion order", async () => {
    const s = await open();
    await s.put(ev("2025-01-01T00:00:03.000Z", "c"), 100);
    await s.put(ev("2025-01-01T00:00:01.000Z", "a"), 100);
    await s.put(ev("2025-01-01T00:00:02.000Z", "b"), 100);
    expect((await s.oldest(10)).map((e) => e.messageId)).toEqual(["a", "b", "c"]);
    expect((await s.oldest(2)).map((e) => e.messageId)).toEqual(["a", "b"]);
  });

  test("the same messageId is stored once", async () => {
    const s = await open();
    await s.put(ev("2025-01-01T00:00:01.000Z", "same"), 100);
    await s.put(ev("2025-01-01T00:00:01.000Z", "same"), 100);
    expect(await s.oldest(10)).toHaveLength(1);
  });

  test("beyond the cap the oldest are dropped, and put says how many", async () => {
    const s = await open();
    for (let i = 1; i <= 3; i++) expect(await s.put(ev(`2025-01-01T00:00:0${i}.000Z`, `k${i}`), 3)).toBe(0);
    expect(await s.put(ev("2025-01-01T00:00:04.000Z", "k4"), 3)).toBe(1);
    expect((await s.oldest(10)).map((e) => e.messageId)).toEqual(["k2", "k3", "k4"]);
  });

  test("del removes exactly the given ids", async () => {
    const s = await open();
    for (const id of ["x", "y", "z"]) await s.put(ev("2025-01-01T00:00:00.000Z", id), 100);
    await s.del(["x", "z", "never-stored"]);
    expect((await s.oldest(10)).map((e) => e.messageId)).toEqual(["y"]);
  });
});

test("events survive reopening the database (a reload)", async () => {
  const name = `reload-${Math.random()}`;
  const first = await openEventStore(name);
  await first.put(ev("2025-01-01T00:00:00.000Z", "kept"), 100);
  const second = await openEventStore(name);
  expect((await second.oldest(10)).map((e) => e.messageId)).toEqual(["kept"]);
});

test("falls back to memory, with a warning, when IndexedDB cannot open", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const open = vi.spyOn(indexedDB, "open").mockImplementation(() => {
    throw new DOMException("blocked", "SecurityError");
  });
  const s = await openEventStore("blocked");
  await s.put(ev("2025-01-01T00:00:00.000Z", "mem"), 100);
  expect((await s.oldest(1))[0]?.messageId).toBe("mem");
  expect(warn).toHaveBeenCalledWith(expect.stringContaining("IndexedDB unavailable"), expect.anything());
  open.mockRestore();
  warn.mockRestore();
});
