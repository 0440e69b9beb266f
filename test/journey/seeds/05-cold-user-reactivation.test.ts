import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const reactivation = journey("05-cold-user-reactivation.json");
const lastLogin = { at: "2024-01-01T09:00:00Z", event: "Logged In" };
const user = { email: "ada@example.com", web_push_subscribed: true, score: -20 };
const login = (at: string) => ({ at, event: "Logged In" });

describe("05 cold-user reactivation", () => {
  it("D-30 with web push: one push, then latest-content emails after 2, 10, 30 and 45 days, then the end", () => {
    const result = run(reactivation, { traits: user }, [lastLogin], "2024-06-01T00:00:00Z");
    expect(result.runs[0]).toMatchObject({ trigger: "Segment Entered", enteredAt: "2024-01-31T09:00:00.000Z" });
    expect(sends(result)).toEqual([
      "web_push reactivation-push @ 2024-01-31T09:00:00.000Z",
      "email reactivation-latest-content @ 2024-02-02T09:00:00.000Z",
      "email reactivation-latest-content @ 2024-02-12T09:00:00.000Z",
      "email reactivation-latest-content @ 2024-03-13T09:00:00.000Z",
      "email reactivation-latest-content @ 2024-04-27T09:00:00.000Z",
    ]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-04-27T09:00:00.000Z"]);
  });

  it("without web push the first nudge is an email", () => {
    const result = run(reactivation, { traits: { ...user, web_push_subscribed: false } }, [lastLogin], "2024-02-01T00:00:00Z");
    expect(sends(result)).toEqual(["email reactivation-email @ 2024-01-31T09:00:00.000Z"]);
  });

  it("a login within 2 days: score +10, no more emails", () => {
    const result = run(reactivation, { traits: user }, [lastLogin, login("2024-02-01T20:00:00Z")], "2024-06-01T00:00:00Z");
    expect(sends(result)).toEqual(["web_push reactivation-push @ 2024-01-31T09:00:00.000Z"]);
    expect(result.traits["score"]).toBe(-10);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-02-01T20:00:00.000Z"]);
    expect(result.runs[0]?.goalAt).toBe("2024-02-01T20:00:00.000Z");
  });

  it("a login during the 30-day wait stops the sequence after two content emails", () => {
    const result = run(reactivation, { traits: user }, [lastLogin, login("2024-02-20T10:00:00Z")], "2024-06-01T00:00:00Z");
    expect(sends(result)).toHaveLength(3);
    expect(result.path.at(-2)).toBe("score_plus_10");
    expect(result.traits["score"]).toBe(-10);
  });

  it("the score dropping below −100 starts it too; further drops while it runs do not", () => {
    const timeline = [
      { at: "2024-03-01T12:00:00Z", traits: { score: -90 } },
      { at: "2024-03-02T12:00:00Z", traits: { score: -110 } },
      { at: "2024-03-03T12:00:00Z", traits: { score: -130 } },
    ];
    const result = run(reactivation, { traits: { email: "ada@example.com", score: 0 } }, timeline, "2024-03-04T00:00:00Z");
    expect(result.runs.map((r) => [r.trigger, r.enteredAt])).toEqual([["Attribute Changed", "2024-03-02T12:00:00.000Z"]]);
    expect(sends(result)).toEqual(["email reactivation-email @ 2024-03-02T12:00:00.000Z"]);
  });

  it("a score of exactly −100 is not below −100", () => {
    const result = run(reactivation, { traits: { email: "ada@example.com" } }, [{ at: "2024-03-01T12:00:00Z", traits: { score: -100 } }], "2024-03-05T00:00:00Z");
    expect(result.runs).toEqual([]);
  });

  it("no spamming: going cold again within 90 days of the last entry does not restart it", () => {
    const timeline = [lastLogin, login("2024-02-01T09:00:00Z")];
    const result = run(reactivation, { traits: user }, timeline, "2024-03-15T00:00:00Z");
    // Second D-30 entry on 2024-03-02, only 31 days after the first.
    expect(result.segmentChanges.filter((c) => c.segment === "d-30")).toEqual([
      { at: "2024-01-31T09:00:00.000Z", segment: "d-30", on: "enter" },
      { at: "2024-02-01T09:00:00.000Z", segment: "d-30", on: "exit" },
      { at: "2024-03-02T09:00:00.000Z", segment: "d-30", on: "enter" },
    ]);
    expect(result.runs).toHaveLength(1);
    expect(result.trace.some((t) => t.at === Date.parse("2024-03-02T09:00:00Z") && t.reason.includes("reentry after 90d"))).toBe(true);
  });
});
