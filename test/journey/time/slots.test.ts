import { describe, expect, it } from "vitest";
import { isInWindow, nextBestTime, nextWindowStart, type TimeWindow } from "../../../worker/journey/time/slots.ts";

const T = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

const office: TimeWindow = { from: "09:00", to: "18:00" };
const weekdays: TimeWindow = { days: ["mon", "tue", "wed", "thu", "fri"], from: "09:00", to: "18:00" };
const night: TimeWindow = { from: "22:00", to: "06:00" };
const fridayNight: TimeWindow = { days: ["fri"], from: "22:00", to: "06:00" };
const mondayNine: TimeWindow = { days: ["mon"], from: "09:00", to: "10:00" };
const allDay: TimeWindow = { from: "09:00", to: "09:00" };
const gapOpening: TimeWindow = { from: "02:30", to: "04:00" };

// 2024-06-01 is a Saturday.
describe("nextWindowStart", () => {
  it.each([
    ["before opening → today's opening", "2024-06-01T08:00:00Z", office, "UTC", "2024-06-01T09:00:00.000Z"],
    ["at opening → now", "2024-06-01T09:00:00Z", office, "UTC", "2024-06-01T09:00:00.000Z"],
    ["inside → now", "2024-06-01T17:59:59Z", office, "UTC", "2024-06-01T17:59:59.000Z"],
    ["at closing (exclusive) → tomorrow", "2024-06-01T18:00:00Z", office, "UTC", "2024-06-02T09:00:00.000Z"],
    ["weekday window on Saturday → Monday", "2024-06-01T10:00:00Z", weekdays, "UTC", "2024-06-03T09:00:00.000Z"],
    ["weekday window Friday evening → Monday", "2024-05-31T19:00:00Z", weekdays, "UTC", "2024-06-03T09:00:00.000Z"],
    ["weekday window Monday noon → now", "2024-06-03T12:00:00Z", weekdays, "UTC", "2024-06-03T12:00:00.000Z"],
    ["a single day a week away", "2024-06-04T10:00:00Z", mondayNine, "UTC", "2024-06-10T09:00:00.000Z"],
    // overnight windows
    ["overnight, late evening → now", "2024-06-01T23:00:00Z", night, "UTC", "2024-06-01T23:00:00.000Z"],
    ["overnight, early morning (opened yesterday) → now", "2024-06-01T03:00:00Z", night, "UTC", "2024-06-01T03:00:00.000Z"],
    ["overnight, at closing → tonight", "2024-06-01T06:00:00Z", night, "UTC", "2024-06-01T22:00:00.000Z"],
    ["overnight, midday → tonight", "2024-06-01T12:00:00Z", night, "UTC", "2024-06-01T22:00:00.000Z"],
    ["Friday-night window, Saturday 03:00 → now (started Friday)", "2024-06-01T03:00:00Z", fridayNight, "UTC", "2024-06-01T03:00:00.000Z"],
    ["Friday-night window, Saturday 23:00 → next Friday", "2024-06-01T23:00:00Z", fridayNight, "UTC", "2024-06-07T22:00:00.000Z"],
    ["Friday-night window, Friday 21:00 → Friday 22:00", "2024-05-31T21:00:00Z", fridayNight, "UTC", "2024-05-31T22:00:00.000Z"],
    ["from = to is open all day", "2024-06-01T05:00:00Z", allDay, "UTC", "2024-06-01T05:00:00.000Z"],
    // zones
    ["Kolkata 07:30 → 09:00 IST", "2024-06-01T02:00:00Z", office, "Asia/Kolkata", "2024-06-01T03:30:00.000Z"],
    ["Kolkata 18:30 → tomorrow 09:00 IST", "2024-06-01T13:00:00Z", office, "Asia/Kolkata", "2024-06-02T03:30:00.000Z"],
    ["Lord Howe across its 30-min change", "2024-10-05T08:00:00Z", office, "Australia/Lord_Howe", "2024-10-05T22:00:00.000Z"],
    // DST days
    ["New York Saturday evening EST → Sunday 09:00 EDT", "2024-03-10T01:00:00Z", office, "America/New_York", "2024-03-10T13:00:00.000Z"],
    ["New York fall back: Sunday 09:00 EST", "2024-11-03T01:00:00Z", office, "America/New_York", "2024-11-03T14:00:00.000Z"],
    ["window opening in the spring gap → 03:00 EDT", "2024-03-10T05:00:00Z", gapOpening, "America/New_York", "2024-03-10T07:00:00.000Z"],
    ["Paris overnight, inside after fall back (05:30 CET)", "2024-10-27T04:30:00Z", night, "Europe/Paris", "2024-10-27T04:30:00.000Z"],
    ["Paris overnight, closes at 06:00 CET", "2024-10-27T05:00:00Z", night, "Europe/Paris", "2024-10-27T21:00:00.000Z"],
    ["Paris overnight, spring night closes 06:00 CEST", "2024-03-31T03:59:00Z", night, "Europe/Paris", "2024-03-31T03:59:00.000Z"],
    ["Paris overnight, spring night after 06:00 CEST", "2024-03-31T04:00:00Z", night, "Europe/Paris", "2024-03-31T20:00:00.000Z"],
  ])("%s", (_name, now, window, tz, expected) => {
    expect(iso(nextWindowStart(T(now), window, tz))).toBe(expected);
  });

  it("invalid day names fall back to every day", () => {
    const window: TimeWindow = JSON.parse('{ "days": ["someday"], "from": "09:00", "to": "18:00" }');
    expect(iso(nextWindowStart(T("2024-06-01T08:00:00Z"), window, "UTC"))).toBe("2024-06-01T09:00:00.000Z");
  });
});

describe("isInWindow", () => {
  it.each([
    ["2024-06-03T12:00:00Z", weekdays, true],
    ["2024-06-01T12:00:00Z", weekdays, false],
    ["2024-06-01T05:59:00Z", night, true],
    ["2024-06-01T06:00:00Z", night, false],
  ])("%s", (at, window, expected) => {
    expect(isInWindow(T(at), window, "UTC")).toBe(expected);
  });
});

describe("nextBestTime", () => {
  it.each([
    ["later today", "2024-06-01T08:15:00Z", 10, "UTC", undefined, "2024-06-01T10:00:00.000Z"],
    ["inside the hour → now", "2024-06-01T10:45:00Z", 10, "UTC", undefined, "2024-06-01T10:45:00.000Z"],
    ["just past → tomorrow", "2024-06-01T11:00:00Z", 10, "UTC", undefined, "2024-06-02T10:00:00.000Z"],
    ["midnight hour", "2024-06-01T23:30:00Z", 0, "UTC", undefined, "2024-06-02T00:00:00.000Z"],
    ["New York 09:00 across spring forward", "2024-03-09T15:00:00Z", 9, "America/New_York", undefined, "2024-03-10T13:00:00.000Z"],
    ["New York hour 2 on the spring day → 03:00 EDT", "2024-03-10T05:00:00Z", 2, "America/New_York", undefined, "2024-03-10T07:00:00.000Z"],
    ["New York repeated 01:xx (second pass) → now", "2024-11-03T06:30:00Z", 1, "America/New_York", undefined, "2024-11-03T06:30:00.000Z"],
    ["Kolkata 19:00", "2024-06-01T12:00:00Z", 19, "Asia/Kolkata", undefined, "2024-06-01T13:30:00.000Z"],
    ["fractional hour floors", "2024-06-01T08:15:00Z", 9.7, "UTC", undefined, "2024-06-01T09:00:00.000Z"],
    ["hour above 23 clamps", "2024-06-01T08:15:00Z", 30, "UTC", undefined, "2024-06-01T23:00:00.000Z"],
    ["negative hour clamps to 0", "2024-06-01T08:15:00Z", -3, "UTC", undefined, "2024-06-02T00:00:00.000Z"],
    // with a window
    ["hour inside the window", "2024-06-03T08:00:00Z", 10, "UTC", weekdays, "2024-06-03T10:00:00.000Z"],
    ["weekend → Monday's best hour", "2024-06-01T08:00:00Z", 10, "UTC", weekdays, "2024-06-03T10:00:00.000Z"],
    ["inside hour and window → now", "2024-06-03T10:30:00Z", 10, "UTC", weekdays, "2024-06-03T10:30:00.000Z"],
    ["hour never in window → next opening", "2024-06-01T19:00:00Z", 20, "UTC", office, "2024-06-02T09:00:00.000Z"],
    ["hour never in window, window open → now", "2024-06-01T12:00:00Z", 20, "UTC", office, "2024-06-01T12:00:00.000Z"],
    ["hour at window close is outside", "2024-06-01T07:00:00Z", 18, "UTC", office, "2024-06-01T09:00:00.000Z"],
    ["hour starts before the window opens → opening", "2024-06-01T07:00:00Z", 9, "UTC", { from: "09:30", to: "18:00" }, "2024-06-01T09:30:00.000Z"],
    ["inside that hour and the window → now", "2024-06-01T09:45:00Z", 9, "UTC", { from: "09:30", to: "18:00" }, "2024-06-01T09:45:00.000Z"],
    ["overnight window, early hour", "2024-06-01T12:00:00Z", 3, "UTC", night, "2024-06-02T03:00:00.000Z"],
    ["Friday-night window, best hour 02 → Saturday 02:00", "2024-06-03T12:00:00Z", 2, "UTC", fridayNight, "2024-06-08T02:00:00.000Z"],
    ["New York weekday window over spring forward", "2024-03-08T20:00:00Z", 10, "America/New_York", weekdays, "2024-03-11T14:00:00.000Z"],
    ["overnight window keeps a late hour", "2024-06-01T12:00:00Z", 23, "UTC", night, "2024-06-01T23:00:00.000Z"],
  ])("%s", (_name, now, hour, tz, window, expected) => {
    expect(iso(nextBestTime(T(now), hour, tz, window))).toBe(expected);
  });
});
