import { describe, expect, it } from "vitest";
import { backoffMs, retryAfterMs } from "../../../worker/channels/retry-after.ts";

const now = Date.UTC(2026, 9, 21, 7, 28, 0);

describe("retryAfterMs", () => {
  it.each([
    ["delay-seconds", "120", 120_000],
    ["zero", "0", 0],
    ["an HTTP-date 90 s ahead", "Wed, 21 Oct 2026 07:29:30 GMT", 90_000],
    ["an HTTP-date in the past", "Wed, 21 Oct 2026 07:00:00 GMT", 0],
    ["a day and more is capped at a day", "999999", 86_400_000],
  ])("reads %s", (_, header, ms) => {
    expect(retryAfterMs(header, now)).toBe(ms);
  });

  it.each([[null], [undefined], ["soon"], ["-5"], ["1.5"]])("ignores %j", (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });
});

describe("backoffMs", () => {
  const policy = { baseMs: 1000, capMs: 10_000 };
  it.each([
    [0, 0, 500],
    [0, 1, 1000],
    [1, 0, 1000],
    [3, 0.5, 6000],
    [10, 1, 10_000],
  ])("attempt %i with random %f waits %i ms", (attempt, random, ms) => {
    expect(backoffMs(attempt, policy, () => random)).toBe(ms);
  });
});
