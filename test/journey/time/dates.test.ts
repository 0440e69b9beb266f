import { describe, expect, it } from "vitest";
import { parseDateValue, resolveRelative } from "../../../worker/journey/time/dates.ts";

const T = (iso: string): number => Date.parse(iso);

describe("parseDateValue", () => {
  it.each([
    // date only → local midnight (or `localTime`) in the zone
    ["2024-07-01", "Europe/Paris", undefined, "2024-06-30T22:00:00.000Z"],
    ["2024-07-01", "Europe/Paris", "09:00", "2024-07-01T07:00:00.000Z"],
    ["2024-01-15", "Asia/Kolkata", undefined, "2024-01-14T18:30:00.000Z"],
    ["2024-03-10", "America/New_York", "02:30", "2024-03-10T07:00:00.000Z"], // skipped by DST → 03:00 EDT
    ["2024-11-03", "America/New_York", "01:30", "2024-11-03T05:30:00.000Z"], // repeated → first (EDT)
    ["2024-02-29", "UTC", undefined, "2024-02-29T00:00:00.000Z"],
    ["2024-07-01", "Europe/Paris", "9am", "2024-06-30T22:00:00.000Z"], // bad local time → midnight
    [" 2024-07-01 ", "UTC", undefined, "2024-07-01T00:00:00.000Z"],
    // date-time with an offset → that instant, whatever the zone
    ["2024-07-01T09:00:00Z", "America/New_York", undefined, "2024-07-01T09:00:00.000Z"],
    ["2024-07-01T09:00:00+05:30", "UTC", undefined, "2024-07-01T03:30:00.000Z"],
    ["2024-07-01T09:00:00+0530", "UTC", undefined, "2024-07-01T03:30:00.000Z"],
    ["2024-07-01T09:00-04:00", "UTC", undefined, "2024-07-01T13:00:00.000Z"],
    ["2024-07-01T09:00:00.5Z", "UTC", undefined, "2024-07-01T09:00:00.500Z"],
    ["2024-07-01T09:00:00.123456Z", "UTC", undefined, "2024-07-01T09:00:00.123Z"],
    ["2024-07-01t09:00:00z", "UTC", undefined, "2024-07-01T09:00:00.000Z"],
    // date-time without an offset → local time in the zone
    ["2024-07-01T09:00", "Europe/Paris", undefined, "2024-07-01T07:00:00.000Z"],
    ["2024-07-01 09:00:00", "Asia/Kolkata", undefined, "2024-07-01T03:30:00.000Z"],
    ["2024-07-01T09:00:00", "Bad/Zone", undefined, "2024-07-01T09:00:00.000Z"],
  ])("%j in %s at %s", (value, tz, at, expected) => {
    const t = parseDateValue(value, tz, at);
    expect(t === null ? null : new Date(t).toISOString()).toBe(expected);
  });

  it.each([
    [1719824400000, 1719824400000],
    [0, 0],
    [-86400000, -86400000],
  ])("number %d is epoch ms", (value, expected) => {
    expect(parseDateValue(value, "Europe/Paris")).toBe(expected);
  });

  it("a Date is its instant", () => {
    expect(parseDateValue(new Date(T("2024-07-01T00:00:00Z")), "UTC")).toBe(T("2024-07-01T00:00:00Z"));
  });

  it.each([
    ["impossible day", "2023-02-29"],
    ["month 13", "2024-13-01"],
    ["day 0", "2024-01-00"],
    ["hour 25", "2024-07-01T25:00"],
    ["minute 60", "2024-07-01T10:60"],
    ["offset hours 24", "2024-07-01T10:00+24:00"],
    ["words", "July 1, 2024"],
    ["slashes", "2024/07/01"],
    ["numeric string", "1719824400000"],
    ["empty", ""],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["beyond the Date range", 1e20],
    ["null", null],
    ["undefined", undefined],
    ["boolean", true],
    ["object", { date: "2024-07-01" }],
    ["array", ["2024-07-01"]],
    ["invalid Date", new Date(Number.NaN)],
  ])("%s → null", (_name, value) => {
    expect(parseDateValue(value, "UTC")).toBeNull();
  });
});

describe("resolveRelative", () => {
  const now = T("2024-03-20T16:00:00Z"); // 12:00 EDT
  it.each([
    ["-30d across DST keeps 12:00 local", "-30d", "America/New_York", "2024-02-19T17:00:00.000Z"],
    ["2h", "2h", "America/New_York", "2024-03-20T18:00:00.000Z"],
    ["+1mo", "+1mo", "UTC", "2024-04-20T16:00:00.000Z"],
    ["-1y", "-1y", "UTC", "2023-03-20T16:00:00.000Z"],
    ["ISO date", "2024-01-01", "Europe/Paris", "2023-12-31T23:00:00.000Z"],
    ["ISO date-time", "2024-01-01T10:00:00Z", "Europe/Paris", "2024-01-01T10:00:00.000Z"],
    ["epoch ms", 0, "UTC", "1970-01-01T00:00:00.000Z"],
  ])("%s", (_name, value, tz, expected) => {
    const t = resolveRelative(value, now, tz);
    expect(t === null ? null : new Date(t).toISOString()).toBe(expected);
  });

  it.each([["soon"], ["30 days"], [null], [{}]])("%j → null", (value) => {
    expect(resolveRelative(value, now, "UTC")).toBeNull();
  });
});
