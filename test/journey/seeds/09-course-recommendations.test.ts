import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const recommendations = journey("09-course-recommendations.json");
const learner = { email: "mia@example.com", web_push_subscribed: true };
const completed = { at: "2024-10-01T10:00:00Z", event: "Course Completed", properties: { course_id: "ts-101" } };
const viewed = (at: string, source: string) => ({ at, event: "Course Viewed", properties: { course_id: "ts-201", source } });
const firstTwo = ["email course-congrats-email @ 2024-10-01T10:00:00.000Z", "email course-feedback-email @ 2024-10-03T10:00:00.000Z"];
const until = "2024-10-15T00:00:00Z";

describe("09 course recommendations", () => {
  it("fetches course, certificate and recommendations, in that order, before the congratulation email", () => {
    const result = run(recommendations, { traits: learner }, [completed], "2024-10-01T10:00:00Z");
    const fetched = result.effects.flatMap(({ effect }) => (effect.type === "fetch_data" ? [effect.node] : []));
    expect(fetched).toEqual(["course", "certificate", "recommendations"]);
    expect(sends(result)).toEqual([firstTwo[0]]);
  });

  it("browsing a recommended course within 5 days ends it after the feedback email", () => {
    const result = run(recommendations, { traits: learner }, [completed, viewed("2024-10-05T19:00:00Z", "recommendation")], until);
    expect(sends(result)).toEqual(firstTwo);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-10-05T19:00:00.000Z"]);
  });

  it("browsing some other course does not count: push with recommendations, then a conversion is tracked", () => {
    const timeline = [
      completed,
      viewed("2024-10-05T19:00:00Z", "search"),
      { at: "2024-10-09T09:00:00Z", event: "Course Started", properties: { course_id: "ts-201" } },
    ];
    const result = run(recommendations, { traits: learner }, timeline, until);
    expect(sends(result)).toEqual([...firstTwo, "web_push course-recommendations-push @ 2024-10-08T10:00:00.000Z"]);
    expect(result.traits["recommendation_conversions"]).toBe(1);
    expect(result.runs[0]).toMatchObject({ endReason: "completed", endedAt: "2024-10-09T09:00:00.000Z", goalAt: "2024-10-09T09:00:00.000Z" });
  });

  it("without web push the recommendations go by email; no conversion within 2 days → end", () => {
    const result = run(recommendations, { traits: { ...learner, web_push_subscribed: false } }, [completed], until);
    expect(sends(result)).toEqual([...firstTwo, "email course-recommendations-email @ 2024-10-08T10:00:00.000Z"]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-10-10T10:00:00.000Z"]);
    expect(result.traits["recommendation_conversions"]).toBeUndefined();
  });
});
