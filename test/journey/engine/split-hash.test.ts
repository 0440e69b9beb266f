import { describe, expect, it } from "vitest";
import { fnv1a32, hash32, pickBranch, splitPoint } from "../../../worker/journey/engine/split-hash.ts";

describe("splitPoint", () => {
  it("is stable and in [0, 1)", () => {
    const p = splitPoint("u1", "j1", "ab");
    expect(splitPoint("u1", "j1", "ab")).toBe(p);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1);
  });

  it("depends on user, journey and node", () => {
    const p = splitPoint("u1", "j1", "ab");
    expect(new Set([p, splitPoint("u2", "j1", "ab"), splitPoint("u1", "j2", "ab"), splitPoint("u1", "j1", "cd")]).size).toBe(4);
  });

  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("FNV-1a of %j matches the published test vector", (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it("hashes UTF-8 bytes, not UTF-16 code units", () => {
    // "é" is C3 A9 in UTF-8: two FNV rounds.
    const manual = Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0;
    expect(fnv1a32("é")).toBe(manual);
  });

  it("stays the same across releases (changing it would move users between branches mid-test)", () => {
    expect(hash32("u1\u0000j1\u0000ab")).toBe(3396538499);
    expect(splitPoint("u1", "j1", "ab")).toBeCloseTo(3396538499 / 2 ** 32, 12);
  });

  it("spreads sequential ids evenly over ten buckets", () => {
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const b = Math.floor(splitPoint(`user-${i}`, "j", "n") * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThanOrEqual(100);
  });
});

describe("pickBranch", () => {
  it.each([
    [0, [1, 1], 0],
    [0.4999, [1, 1], 0],
    [0.5, [1, 1], 1],
    [0.19, [20, 30, 50], 0],
    [0.2, [20, 30, 50], 1],
    [0.5, [20, 30, 50], 2],
    [0.9999999, [20, 30, 50], 2],
  ])("point %d with weights %j → branch %d", (point, weights, expected) => {
    expect(pickBranch(point, weights)).toBe(expected);
  });
});
