import { describe, expect, it } from "vitest";
import { addDuration, durationMs, parseDuration } from "../../../worker/journey/time/duration.ts";

const T = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

describe("parseDuration", () => {
  it.each([
    ["90s", { sign: 1, amount: 90, unit: "s" }],
    ["30m", { sign: 1, amount: 30, unit: "m" }],
    ["2h", { sign: 1, amount: 2, unit: "h" }],
    ["7d", { sign: 1, amount: 7, unit: "d" }],
    ["2w", { sign: 1, amount: 2, unit: "w" }],
    ["3mo", { sign: 1, amount: 3, unit: "mo" }],
    ["1y", { sign: 1, amount: 1, unit: "y" }],
    ["-10d", { sign: -1, amount: 10, unit: "d" }],
    ["+2h", { sign: 1, amount: 2, unit: "h" }],
    ["0d", { sign: 1, amount: 0, unit: "d" }],
  ])("%s", (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(["", "10", "d", "1.5h", "10 d", " 1d", "1d ", "-d", "1mo2", "10x", "1M", "10D", "--1d", "1e3s", "99999999999999999999d"])(
    "rejects %j",
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});

describe("addDuration: elapsed units", () => {
  it.each([
    ["2024-01-01T00:00:00Z", "90s", "UTC", "2024-01-01T00:01:30.000Z"],
    ["2024-01-01T00:00:00Z", "-30m", "UTC", "2023-12-31T23:30:00.000Z"],
    // 1h across the New York spring gap is one real hour: 01:30 EST → 03:30 EDT
    ["2024-03-10T06:30:00Z", "1h", "America/New_York", "2024-03-10T07:30:00.000Z"],
    // 24h across the fall-back change is not the same local time (unlike 1d)
    ["2024-11-02T16:00:00Z", "24h", "America/New_York", "2024-11-03T16:00:00.000Z"],
  ])("%s + %s in %s", (start, d, tz, expected) => {
    expect(iso(addDuration(T(start), d, tz))).toBe(expected);
  });
});

describe("addDuration: calendar units keep the local time", () => {
  it.each([
    // New York, spring forward (2024-03-10 02:00 EST → 03:00 EDT)
    ["noon EST + 1d → noon EDT", "2024-03-09T17:00:00Z", "1d", "America/New_York", "2024-03-10T16:00:00.000Z"],
    ["02:30 + 1d lands in the gap → 03:00 EDT", "2024-03-09T07:30:00Z", "1d", "America/New_York", "2024-03-10T07:00:00.000Z"],
    ["noon EDT - 1d → noon EST", "2024-03-10T16:00:00Z", "-1d", "America/New_York", "2024-03-09T17:00:00.000Z"],
    ["1w over the change", "2024-03-05T14:00:00Z", "1w", "America/New_York", "2024-03-12T13:00:00.000Z"],
    // New York, fall back (2024-11-03 02:00 EDT → 01:00 EST)
    ["noon EDT + 1d → noon EST", "2024-11-02T16:00:00Z", "1d", "America/New_York", "2024-11-03T17:00:00.000Z"],
    ["01:30 + 1d is ambiguous → the earlier (EDT)", "2024-11-02T05:30:00Z", "1d", "America/New_York", "2024-11-03T05:30:00.000Z"],
    ["the later 01:30 (EST) + 1d", "2024-11-03T06:30:00Z", "1d", "America/New_York", "2024-11-04T06:30:00.000Z"],
    ["1mo over fall back", "2024-10-15T13:00:00Z", "1mo", "America/New_York", "2024-11-15T14:00:00.000Z"],
    // Paris (2024-03-31 02:00 → 03:00, 2024-10-27 03:00 → 02:00)
    ["1w over spring forward", "2024-03-25T08:00:00Z", "1w", "Europe/Paris", "2024-04-01T07:00:00.000Z"],
    ["02:15 + 1d lands in the gap → 03:00 CEST", "2024-03-30T01:15:00Z", "1d", "Europe/Paris", "2024-03-31T01:00:00.000Z"],
    ["02:30 + 1d is ambiguous → the earlier (CEST)", "2024-10-26T00:30:00Z", "1d", "Europe/Paris", "2024-10-27T00:30:00.000Z"],
    ["1mo over fall back", "2024-10-15T07:00:00Z", "1mo", "Europe/Paris", "2024-11-15T08:00:00.000Z"],
    ["1y keeps summer time", "2024-07-01T07:00:00Z", "1y", "Europe/Paris", "2025-07-01T07:00:00.000Z"],
    // Lord Howe moves only 30 minutes (2024-10-06 02:00 +10:30 → 02:30 +11)
    ["Lord Howe noon + 1d", "2024-10-05T01:30:00Z", "1d", "Australia/Lord_Howe", "2024-10-06T01:00:00.000Z"],
    // Kolkata +5:30: the local date differs from the UTC date
    ["Kolkata 1 Feb 01:30 + 1mo → 1 Mar", "2024-01-31T20:00:00Z", "1mo", "Asia/Kolkata", "2024-02-29T20:00:00.000Z"],
    ["Kolkata + 1d", "2024-01-31T20:00:00Z", "1d", "Asia/Kolkata", "2024-02-01T20:00:00.000Z"],
  ])("%s", (_name, start, d, tz, expected) => {
    expect(iso(addDuration(T(start), d, tz))).toBe(expected);
  });
});

describe("addDuration: month ends and leap years", () => {
  it.each([
    ["2024-01-31T10:00:00Z", "1mo", "2024-02-29T10:00:00.000Z"],
    ["2023-01-31T10:00:00Z", "1mo", "2023-02-28T10:00:00.000Z"],
    ["2024-01-31T10:00:00Z", "2mo", "2024-03-31T10:00:00.000Z"],
    ["2024-03-31T10:00:00Z", "1mo", "2024-04-30T10:00:00.000Z"],
    ["2024-03-31T10:00:00Z", "-1mo", "2024-02-29T10:00:00.000Z"],
    ["2024-10-31T10:00:00Z", "1mo", "2024-11-30T10:00:00.000Z"],
    ["2024-11-30T10:00:00Z", "3mo", "2025-02-28T10:00:00.000Z"],
    ["2024-12-15T10:00:00Z", "1mo", "2025-01-15T10:00:00.000Z"],
    ["2024-01-15T10:00:00Z", "-1mo", "2023-12-15T10:00:00.000Z"],
    ["2024-02-29T10:00:00Z", "1y", "2025-02-28T10:00:00.000Z"],
    ["2024-02-29T10:00:00Z", "4y", "2028-02-29T10:00:00.000Z"],
    ["2024-02-29T10:00:00Z", "-1y", "2023-02-28T10:00:00.000Z"],
    ["2024-02-29T10:00:00Z", "12mo", "2025-02-28T10:00:00.000Z"],
    ["2099-02-28T10:00:00Z", "1y", "2100-02-28T10:00:00.000Z"],
    ["2024-02-28T10:00:00Z", "1d", "2024-02-29T10:00:00.000Z"],
    ["2023-02-28T10:00:00Z", "1d", "2023-03-01T10:00:00.000Z"],
    ["2024-12-31T10:00:00Z", "1d", "2025-01-01T10:00:00.000Z"],
  ])("%s + %s (UTC)", (start, d, expected) => {
    expect(iso(addDuration(T(start), d, "UTC"))).toBe(expected);
  });
});

describe("addDuration: edges", () => {
  it("keeps milliseconds", () => {
    expect(iso(addDuration(T("2024-01-01T00:00:00.123Z"), "1d", "Europe/Paris"))).toBe("2024-01-02T00:00:00.123Z");
  });
  it("accepts a parsed duration", () => {
    expect(iso(addDuration(T("2024-01-01T00:00:00Z"), { sign: -1, amount: 2, unit: "w" }, "UTC"))).toBe("2023-12-18T00:00:00.000Z");
  });
  it("0d returns the same instant even in a repeated hour", () => {
    expect(addDuration(T("2024-11-03T06:30:00Z"), "0d", "America/New_York")).toBe(T("2024-11-03T06:30:00Z"));
  });
  it("an invalid zone reads as UTC", () => {
    expect(iso(addDuration(T("2024-03-09T12:00:00Z"), "1d", "Nowhere/Land"))).toBe("2024-03-10T12:00:00.000Z");
  });
  it("clamps results beyond the Date range to ±8.64e15", () => {
    expect(addDuration(0, "99999999y", "UTC")).toBe(8.64e15);
    expect(addDuration(0, "-999999999999d", "UTC")).toBe(-8.64e15);
    expect(addDuration(0, "9999999999999h", "UTC")).toBe(8.64e15);
  });
  it("returns an invalid instant unchanged instead of throwing", () => {
    expect(addDuration(1e20, "1d", "UTC")).toBe(1e20);
    expect(addDuration(Number.NaN, "1mo", "UTC")).toBeNaN();
  });
  it("throws on an invalid duration string", () => {
    expect(() => addDuration(0, "7days", "UTC")).toThrow(RangeError);
    expect(() => addDuration(0, "", "UTC")).toThrow(/invalid duration/);
  });
});

describe("durationMs", () => {
  it.each([
    ["90s", 90_000],
    ["30m", 1_800_000],
    ["2h", 7_200_000],
    ["7d", 604_800_000],
    ["2w", 1_209_600_000],
    ["3mo", 90 * 86_400_000],
    ["1y", 365 * 86_400_000],
    ["-10d", -864_000_000],
    ["0s", 0],
  ])("%s = %d ms", (d, ms) => {
    expect(durationMs(d)).toBe(ms);
  });
  it("throws on an invalid duration", () => {
    expect(() => durationMs("soon")).toThrow(RangeError);
  });
});
