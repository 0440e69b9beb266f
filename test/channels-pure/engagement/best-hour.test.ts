import { describe, expect, it } from "vitest";
import { bestHour, readBestHourModel, updateBestHour, type BestHourModel } from "../../../worker/delivery/engagement/best-hour.ts";
import { aggregateBestHours, moveVote, emptyVotes, workspaceBestHour } from "../../../worker/delivery/engagement/workspace-best-hour.ts";

const t = (iso: string): number => Date.parse(iso);

function learn(instants: string[], timeZone: string, start?: BestHourModel): BestHourModel | undefined {
  let model = start;
  for (const at of instants) model = updateBestHour(model, t(at), timeZone);
  return model;
}

describe("best hour", () => {
  it("learns the local hour: five evening opens in Paris → 19", () => {
    const model = learn(["2026-11-02T18:10:00Z", "2026-11-03T18:40:00Z", "2026-11-05T18:05:00Z", "2026-11-06T18:55:00Z", "2026-11-09T18:20:00Z"], "Europe/Paris");
    expect(bestHour(model)).toBe(19);
  });

  it("counts hours in the user's zone, including +05:30", () => {
    // 03:45Z is 09:15 IST.
    const model = learn(["01", "02", "03", "04", "05"].map((d) => `2026-11-${d}T03:45:00Z`), "Asia/Kolkata");
    expect(bestHour(model)).toBe(9);
  });

  it("answers the fallback (or undefined) with too few engagements", () => {
    const model = learn(["2026-11-02T18:10:00Z", "2026-11-03T18:40:00Z", "2026-11-05T18:05:00Z", "2026-11-06T18:55:00Z"], "UTC");
    expect(bestHour(model)).toBeUndefined();
    expect(bestHour(model, 10)).toBe(10);
    expect(bestHour(undefined, 10)).toBe(10);
  });

  it("lets recent habits win over older, more numerous ones (decay)", () => {
    const january = ["02", "05", "08", "12", "15", "20", "22", "26"].map((d) => `2026-01-${d}T09:20:00Z`);
    const june = ["01", "03", "08", "10", "15"].map((d) => `2026-06-${d}T20:30:00Z`);
    expect(bestHour(learn(january, "UTC"))).toBe(9);
    expect(bestHour(learn([...january, ...june], "UTC"))).toBe(20);
    // Without time passing, eight beat five.
    const sameMonthJune = ["02", "05", "08", "12", "15", "20", "22", "26"].map((d) => `2026-06-${d}T09:20:00Z`);
    expect(bestHour(learn([...june, ...sameMonthJune], "UTC"))).toBe(9);
  });

  it("adds a late (older) engagement already decayed, without moving the clock back", () => {
    const model = learn(["2026-06-01T20:00:00Z", "2026-06-02T20:00:00Z"], "UTC");
    const late = updateBestHour(model, t("2026-05-02T08:00:00Z"), "UTC");
    expect(late.at).toBe(t("2026-06-02T20:00:00Z"));
    expect(late.count).toBe(3);
    expect(late.hours[8]).toBeCloseTo(Math.pow(0.5, 31.5 / 30), 5);
  });

  it("lets neighbouring hours reinforce each other", () => {
    // 15:00 has the most opens of its own (4), but 10–12 is a habit: 11 scores 3 + ¼·(3 + 3) = 4.5 > 4.
    const on = (day: number, hours: number[]) => hours.map((h) => `2026-11-${String(day).padStart(2, "0")}T${h}:10:00Z`);
    const model = learn([...on(1, [15, 15]), ...on(2, [15, 15]), ...on(3, [10, 11, 12]), ...on(4, [10, 11, 12]), ...on(5, [10, 11, 12])], "UTC");
    expect(model?.hours[15]).toBeGreaterThan(model?.hours[11] ?? Infinity);
    expect(bestHour(model)).toBe(11);
  });

  it("survives JSON storage and rejects garbage", () => {
    const model = learn(["01", "02", "03", "04", "05"].map((d) => `2026-11-${d}T07:00:00Z`), "UTC");
    const stored = JSON.parse(JSON.stringify(model)) as unknown;
    expect(readBestHourModel(stored)).toEqual(model);
    expect(bestHour(readBestHourModel(stored))).toBe(7);
    expect(readBestHourModel({ v: 1, hours: [1, 2], count: 5, at: 0 })).toBeUndefined();
    expect(readBestHourModel("{}")).toBeUndefined();
    expect(updateBestHour(undefined, Number.NaN, "UTC").count).toBe(0);
  });
});

describe("workspace best hour", () => {
  const userWith = (hour: number): BestHourModel | undefined =>
    learn(["01", "02", "03", "04", "05"].map((d) => `2026-11-${d}T${String(hour).padStart(2, "0")}:30:00Z`), "UTC");

  it("is the most common learned hour among users with enough data", () => {
    const models = [...Array.from({ length: 6 }, () => userWith(8)), ...Array.from({ length: 4 }, () => userWith(19)), learn(["2026-11-01T12:00:00Z"], "UTC"), undefined];
    const votes = aggregateBestHours(models);
    expect(votes.hours[8]).toBe(6);
    expect(votes.hours[19]).toBe(4);
    expect(votes.hours.reduce((a, b) => a + b, 0)).toBe(10);
    expect(workspaceBestHour(votes)).toBe(8);
    expect(workspaceBestHour(votes, 11)).toBeUndefined();
  });

  it("moves a user's vote as their best hour changes", () => {
    let votes = emptyVotes();
    for (let i = 0; i < 5; i++) votes = moveVote(votes, undefined, 9);
    for (let i = 0; i < 5; i++) votes = moveVote(votes, undefined, 18);
    votes = moveVote(votes, 18, 9);
    votes = moveVote(votes, 7, undefined); // a stale "before" never goes negative
    expect(votes.hours[9]).toBe(6);
    expect(votes.hours[18]).toBe(4);
    expect(votes.hours[7]).toBe(0);
    expect(workspaceBestHour(votes)).toBe(9);
  });
});
