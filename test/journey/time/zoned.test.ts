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
    ["america/new_york", true, "america/new_york"], // Intl matches names case-insensitively
    ["Etc/GMT-14", true, "Etc/GMT-14"],
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

// Round trips over a whole year, every 75 minutes (so :00, :15, :30 and :45 all occur), in zones
// with 1 h, 30 min, midnight and sub-hour-offset DST rules.
describe("fromLocal and localParts agree over a year", () => {
  // [zone, year, how many of the sampled local times fall in a spring-forward gap]
  const zones: [string, number, number][] = [
    ["America/New_York", 2024, 3], // 02:00, 02:15, 02:30 on 10 Mar
    ["Europe/Paris", 2024, 3], // 02:00, 02:15, 02:30 on 31 Mar
    ["Australia/Lord_Howe", 2024, 2], // 02:00, 02:15 on 6 Oct (30-minute change)
    ["Asia/Kolkata", 2024, 0],
    ["America/St_Johns", 2024, 3], // -3:30, changes at 02:00 local
    ["Pacific/Chatham", 2024, 1], // 02:45 → 03:45 on 29 Sep: only 03:00 is sampled
    ["America/Sao_Paulo", 2018, 2], // DST began at local midnight: 00:00, 00:30 on 4 Nov
  ];
  const STEP = 75 * 60_000;
  const wall = (p: { year: number; month: number; day: number; hour: number; minute: number; second: number }): string =>
    `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;

  it.each(zones)("every instant maps back to itself or to the earlier of a repeated time (%s)", (tz, year) => {
    const end = Date.UTC(year + 1, 0, 1);
    const wrong: string[] = [];
    let repeated = 0;
    for (let t = Date.UTC(year, 0, 1); t < end; t += STEP) {
      const p = localParts(t, tz);
      const back = fromLocal(p, tz);
      if (wall(localParts(back, tz)) !== wall(p) || back > t) wrong.push(new Date(t).toISOString());
      if (back !== t) repeated++;
    }
    expect(wrong).toEqual([]);
    // Only zones with DST have repeated local times, for at most an hour a year.
    expect(repeated).toBeLessThanOrEqual(2);
  });

  it.each(zones)("every local time exists or moves forward to the change (%s)", (tz, year, gaps) => {
    const wrong: string[] = [];
    let moved = 0;
    for (let day = 1; day <= 365; day++) {
      for (const [hour, minute] of [[0, 0], [0, 30], [1, 30], [2, 0], [2, 15], [2, 30], [3, 0], [12, 0]] as const) {
        const at = fromLocal({ year, month: 1, day, hour, minute }, tz);
        const p = localParts(at, tz);
        const asked = Date.UTC(year, 0, day, hour, minute);
        const got = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
        if (got === asked) continue;
        moved++;
        // In a gap: later on the wall clock, and a second earlier the clock showed the gap's start.
        const justBefore = localParts(at - 1000, tz);
        const before = Date.UTC(justBefore.year, justBefore.month - 1, justBefore.day, justBefore.hour, justBefore.minute);
        if (!(got > asked && before < asked)) wrong.push(`day ${day} ${hour}:${minute}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(moved).toBe(gaps);
  });
});
