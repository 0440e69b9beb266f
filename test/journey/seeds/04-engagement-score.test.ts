import { describe, expect, it } from "vitest";
import { journey, run, sends } from "./seed-kit.ts";

const score = journey("04-engagement-score.json");
const at = (iso: string, event: string) => ({ at: iso, event });

describe("04 engagement score", () => {
  it.each([
    { event: "Form Submitted", score: 10 },
    { event: "Email Clicked", score: 10 },
    { event: "Subscription Payment Completed", score: 10 },
    { event: "Push Permission Denied", score: -10 },
  ])("$event → score $score", ({ event, score: expected }) => {
    const result = run(score, { traits: { score: 0 } }, [at("2024-01-01T09:00:00Z", event)], "2024-01-02T00:00:00Z");
    expect(result.traits["score"]).toBe(expected);
    expect(result.runs).toHaveLength(1);
    expect(sends(result)).toEqual([]);
  });

  it("each touchpoint is its own short run and the score accumulates from no score at all", () => {
    const timeline = [
      at("2024-01-01T09:00:00Z", "Form Submitted"),
      at("2024-01-01T09:05:00Z", "Email Clicked"),
      at("2024-01-01T09:06:00Z", "Push Permission Denied"),
      at("2024-01-01T09:10:00Z", "Subscription Payment Completed"),
      at("2024-01-01T09:20:00Z", "Page Viewed"),
    ];
    const result = run(score, { traits: {} }, timeline, "2024-01-02T00:00:00Z");
    expect(result.runs.map((r) => `${r.trigger} ${r.endReason}`)).toEqual([
      "Form Submitted completed",
      "Email Clicked completed",
      "Push Permission Denied completed",
      "Subscription Payment Completed completed",
    ]);
    expect(result.traits["score"]).toBe(20);
  });

  it("no login for 7 days → −10, then D-30, D-60 and D-90 → −50 each, progressively, each at its exact day", () => {
    const timeline = [at("2024-01-01T09:00:00Z", "Logged In")];
    const scoreAt = (until: string): unknown => run(score, { traits: { score: 0 } }, timeline, until).traits["score"];
    expect(scoreAt("2024-01-08T08:59:59Z")).toBe(0);
    expect(scoreAt("2024-01-08T09:00:00Z")).toBe(-10);
    expect(scoreAt("2024-01-31T09:00:00Z")).toBe(-60);
    expect(scoreAt("2024-03-01T09:00:00Z")).toBe(-110);
    expect(scoreAt("2024-03-31T09:00:00Z")).toBe(-160);
    const result = run(score, { traits: { score: 0 } }, timeline, "2024-12-31T00:00:00Z");
    expect(result.traits["score"]).toBe(-160);
    expect(result.runs.map((r) => r.enteredAt)).toEqual([
      "2024-01-08T09:00:00.000Z",
      "2024-01-31T09:00:00.000Z",
      "2024-03-01T09:00:00.000Z",
      "2024-03-31T09:00:00.000Z",
    ]);
    expect(result.path.filter((id) => id.startsWith("minus"))).toEqual(["minus_10", "minus_50", "minus_50", "minus_50"]);
  });

  it("logging in again resets the clocks: a new 7-day penalty, and D-30 counts from the last login", () => {
    const timeline = [at("2024-01-01T09:00:00Z", "Logged In"), at("2024-01-20T09:00:00Z", "Logged In")];
    const result = run(score, { traits: { score: 0 } }, timeline, "2024-02-19T09:00:00Z");
    expect(result.runs.map((r) => r.enteredAt)).toEqual([
      "2024-01-08T09:00:00.000Z",
      "2024-01-27T09:00:00.000Z",
      "2024-02-19T09:00:00.000Z",
    ]);
    expect(result.traits["score"]).toBe(-70);
  });
});
