import { describe, expect, test } from "vitest";
import { backoff, MAX_RETRY_AFTER_MS, parseRetryAfter } from "../../sdk/delivery/backoff.ts";

describe("backoff", () => {
  test.each([
    // attempt, random, expected ms (defaults: min 1000, factor 2, max 60000, jitter [base/2, base))
    [1, 0, 500],
    [1, 0.999, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [6, 0, 16000],
    [7, 0, 30000],
    [20, 0, 30000],
    [20, 0.999, 59970],
  ])("attempt %i with random %f waits %i ms", (attempt, random, ms) => {
    expect(backoff(attempt, random)).toBe(ms);
  });

  test("grows with attempts and never passes the cap", () => {
    const delays = Array.from({ length: 30 }, (_, i) => backoff(i + 1, 0.5));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
  });

  test("options change the curve", () => {
    expect(backoff(1, 0, { minMs: 200 })).toBe(100);
    expect(backoff(3, 0, { minMs: 100, factor: 3 })).toBe(450);
    expect(backoff(10, 0.999, { maxMs: 5000 })).toBe(4998);
  });

  test("Retry-After wins when it is longer, and is capped at one hour", () => {
    expect(backoff(1, 0, {}, 10_000)).toBe(10_000);
    expect(backoff(8, 0.5, {}, 2000)).toBe(45_000);
    expect(backoff(1, 0, {}, 86_400_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2025-06-01T12:00:00Z");
  test.each([
    [null, 0],
    ["", 0],
    ["120", 120_000],
    [" 3 ", 3000],
    ["Sun, 01 Jun 2025 12:00:30 GMT", 30_000],
    ["Sun, 01 Jun 2025 11:00:00 GMT", 0],
    ["soon", 0],
  ])("%j → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
