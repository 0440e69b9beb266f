import { describe, expect, it } from "vitest";
import { fromLocal, isValidTimeZone, localParts, safeTimeZone } from "../../../worker/journey/time/zoned.ts";

const T = (iso: string): number => Date.parse(iso);

describe("localParts", () => {
  it.each([
    ["2024-01-01T12:00:00Z", "Asia/Kolkata", { year: 2024, month: 1, day: 1, hour: 17, minute: 30, second: 0, weekday: 1 }],
    ["2024-03-10T06:59:59Z", "America/New_York", { year: 2024, month: 3, day: 10, hour: 1, minute: 59, second: 59, weekday: 0 }],
    ["2024-03-10T07:00:00Z", "America/New_York", { year: 2024, month: 3, day: 10, hour: 3, minute: 0, second: 0, weekday: 0 }],
    ["2024-12-31T23:30:00Z", "Europe/Paris", { year: 2025, month: 1, day: 1, hour: 0, minute: 30, second: 0, weekday: 3 }],
    ["2024-06-01T00:00:00Z", "Not/AZone", { year: 2024, month: 6, day: 1, hour: 0, minute: 0, second: 0, weekday: 6 }],
  ])("%s in %s", (iso, tz, expected) => {
    expect(localParts(T(iso), tz)).toEqual(expected);
  });
});

describe("fromLocal", () => {
  it.each([
    // ordinary times
    [{ year: 2024, month: 7, day: 1, hour: 9 }, "Europe/Paris", "2024-07-01T07:00:00.000Z"],
    [{ year: 2024, month: 1, day: 1, hour: 9 }, "Asia/Kolkata", "2024-01-01T03:30:00.000Z"],
    // spring-forward gap → first valid instant (the moment of the change)
    [{ year: 2024, month: 3, day: 10, hour: 2, minute: 30 }, "America/New_York", "2024-03-10T07:00:00.000Z"],
    [{ year: 2024, month: 3, day: 31, hour: 2, minute: 15 }, "Europe/Paris", "2024-03-31T01:00:00.000Z"],
    // fall-back overlap → the earlier instant
    [{ year: 2024, month: 11, day: 3, hour: 1, minute: 30 }, "America/New_York", "2024-11-03T05:30:00.000Z"],
    [{ year: 2024, month: 10, day: 27, hour: 2, minute: 30 }, "Europe/Paris", "2024-10-27T00:30:00.000Z"],
    // Lord Howe: +11 in summer, +10:30 in winter; 30-minute gap at 02:00 on 2024-10-06
    [{ year: 2024, month: 10, day: 6, hour: 2, minute: 15 }, "Australia/Lord_Howe", "2024-10-05T15:30:00.000Z"],
    [{ year: 2024, month: 7, day: 1, hour: 12 }, "Australia/Lord_Howe", "2024-07-01T01:30:00.000Z"],
    // Samoa skipped 30 Dec 2011 entirely
    [{ year: 2011, month: 12, day: 30, hour: 12 }, "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
  ])("%o in %s", (parts, tz, expected) => {
    expect(new Date(fromLocal(parts, tz)).toISOString()).toBe(expected);
  });
});

describe("time zone validity", () => {
  it.each([
    ["Europe/Paris", true, "Europe/Paris"],
    ["UTC", true, "UTC"],
    ["Mars/Olympus", false, "UTC"],
    ["", false, "UTC"],
  ])("%s", (tz, valid, safe) => {
    expect(isValidTimeZone(tz)).toBe(valid);
    expect(safeTimeZone(tz)).toBe(safe);
  });
  it("safeTimeZone falls back for non-strings", () => {
    expect(safeTimeZone(42)).toBe("UTC");
    expect(safeTimeZone(undefined)).toBe("UTC");
  });
});
