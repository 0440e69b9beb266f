import { describe, expect, it } from "vitest";
import type { SimulationResult } from "../../../worker/journey/simulate/index.ts";
import { ends, journey, run, sends } from "./seed-kit.ts";

const recommendations = journey("09-course-recommendations.json");
const learner = { email: "mia@example.com", web_push_subscribed: true };
const completedAt = (at: string, course_id: string) => ({ at, event: "Course Completed", properties: { course_id } });
const completed = completedAt("2024-10-01T10:00:00Z", "ts-101");
const viewed = (at: string, source: string) => ({ at, event: "Course Viewed", properties: { course_id: "ts-201", source } });
const firstTwo = ["email course-congrats-email @ 2024-10-01T10:00:00.000Z", "email course-feedback-email @ 2024-10-03T10:00:00.000Z"];
const until = "2024-10-15T00:00:00Z";

/** "runId node course_id" for each send and fetch: the course in its render context (URLs and templates read `event.properties.course_id`). */
const aboutCourse = (result: SimulationResult) =>
  result.effects.flatMap(({ effect }) =>
    effect.type === "send" || effect.type === "fetch_data" ? [`${effect.runId} ${effect.node} ${String(effect.event.properties["course_id"])}`] : [],
  );
/** Why each "Course Completed" started no run. */
const refusals = (result: SimulationResult) => result.trace.filter((t) => t.runId === "" && t.kind === "ignored").map((t) => t.reason);

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

  it("each completed course gets its own run: two courses a day apart → two congratulation e-mails, each about its own course", () => {
    const result = run(recommendations, { traits: learner }, [completed, completedAt("2024-10-02T10:00:00Z", "py-201")], "2024-10-02T12:00:00Z");
    expect(sends(result)).toEqual(["email course-congrats-email @ 2024-10-01T10:00:00.000Z", "email course-congrats-email @ 2024-10-02T10:00:00.000Z"]);
    expect(result.runs.map((r) => [r.id, r.key])).toEqual([["sim-1", "ts-101"], ["sim-2", "py-201"]]);
    expect(aboutCourse(result)).toEqual([
      "sim-1 course ts-101", "sim-1 certificate ts-101", "sim-1 recommendations ts-101", "sim-1 congrats_email ts-101",
      "sim-2 course py-201", "sim-2 certificate py-201", "sim-2 recommendations py-201", "sim-2 congrats_email py-201",
    ]);
  });

  it("the browse check and the conversion hear any course: one view of a recommended course ends both courses' runs", () => {
    const timeline = [completed, completedAt("2024-10-02T10:00:00Z", "py-201"), viewed("2024-10-05T19:00:00Z", "recommendation")];
    const result = run(recommendations, { traits: learner }, timeline, until);
    expect(sends(result)).toEqual([
      "email course-congrats-email @ 2024-10-01T10:00:00.000Z", "email course-congrats-email @ 2024-10-02T10:00:00.000Z",
      "email course-feedback-email @ 2024-10-03T10:00:00.000Z", "email course-feedback-email @ 2024-10-04T10:00:00.000Z",
    ]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-10-05T19:00:00.000Z", "sim-2 completed @ 2024-10-05T19:00:00.000Z"]);
  });

  it("a course started after the recommendations is a conversion of the run about the completed course (another course_id)", () => {
    const timeline = [completed, { at: "2024-10-09T09:00:00Z", event: "Course Started", properties: { course_id: "ts-201" } }];
    const result = run(recommendations, { traits: { ...learner, web_push_subscribed: false } }, timeline, until);
    expect(result.runs).toEqual([expect.objectContaining({ key: "ts-101", endReason: "completed", endedAt: "2024-10-09T09:00:00.000Z", goalAt: "2024-10-09T09:00:00.000Z" })]);
    expect(result.traits["recommendation_conversions"]).toBe(1);
  });

  it("the same course completed twice gets one run: not again while its run is active, nor after it ended (re-entry once a year per course)", () => {
    const timeline = [completed, completedAt("2024-10-02T10:00:00Z", "ts-101"), completedAt("2024-10-20T10:00:00Z", "ts-101"), completedAt("2025-10-01T10:00:00Z", "ts-101")];
    const result = run(recommendations, { traits: learner }, timeline, "2025-10-01T12:00:00Z");
    expect(sends(result).filter((line) => line.includes("congrats"))).toEqual([
      "email course-congrats-email @ 2024-10-01T10:00:00.000Z",
      "email course-congrats-email @ 2025-10-01T10:00:00.000Z",
    ]);
    expect(refusals(result)).toEqual([
      'Course Completed did not start a run: already active for course_id "ts-101"',
      'Course Completed did not start a run: entered less than 1y ago for course_id "ts-101" (reentry after 1y)',
    ]);
  });
});
