/**
 * Seed journey 9 (course recommendations) through the real Worker and User Durable Object: the
 * examples/ journey and templates published with the admin API, course completions, views and
 * starts sent to POST /v1/track, the LMS and the recommendation engine answering the three
 * fetch_data nodes, the 2-day, 5-day and 2-day waits run by the object's alarm, sends through the
 * channel adapters to fake providers (web push decrypted as the browser would), one run per
 * completed course (entry.key course_id). Checked from the admin API: message log, trace, profile,
 * journey stats (the goal's conversions).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import recommendations from "../../../examples/journeys/09-course-recommendations.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, why, type SeedUser } from "./helpers/seed-route-world.ts";
import { statsFrom } from "./helpers/seed-stats.ts";

const J = "course-recommendations";
const COMPLETED = "2026-10-05T10:00:00Z";
const FEEDBACK = "2026-10-07T10:00:00Z";
const BROWSE_TIMEOUT = "2026-10-12T10:00:00Z";
const CONVERSION_TIMEOUT = "2026-10-14T10:00:00Z";
const mia = { first_name: "Mia", email: "mia@example.com" };

beforeAll(() => publishSeeds([recommendations]));
afterAll(() => resetUserObjectDeps());

const COURSES: Record<string, { title: string }> = { "ts-101": { title: "TypeScript Basics" }, "py-201": { title: "Python for Data" } };
const PICKS = [
  { title: "Python for Data", url: "https://learn.example.com/courses/py-201" },
  { title: "SQL in a Week", url: "https://learn.example.com/courses/sql-101" },
  { title: "Data Visualisation", url: "https://learn.example.com/courses/viz-101" },
];

/**
 * The LMS (course details, certificates) and the recommendation engine, which picks from PICKS
 * all but the course just completed (`after`); `recommender: "down"` answers 503.
 */
function services(recommender: "up" | "down" = "up") {
  return (url: URL): unknown => {
    if (url.host === "recommendations.example.com") {
      if (recommender === "down") return new Response("overloaded", { status: 503, headers: { "retry-after": "600" } });
      return { courses: PICKS.filter((pick) => !pick.url.endsWith(`/${url.searchParams.get("after") ?? ""}`)) };
    }
    const [, course = "", user] = /^\/v1\/courses\/([^/]+)(?:\/certificates\/([^/]+))?$/.exec(url.pathname) ?? [];
    if (user !== undefined) return { url: `https://learn.example.com/certificates/${course}/${user}.pdf` };
    return COURSES[course] ?? new Response("no such course", { status: 404 });
  };
}

/** A learner with an e-mail address at COMPLETED; `setup` runs first (e.g. the browser opting in to web push). */
async function learner(recommender: "up" | "down" = "up", setup?: (u: SeedUser) => Promise<void>): Promise<SeedUser> {
  const u = seedWorld(COMPLETED, services(recommender)).user("learner");
  await setup?.(u);
  await u.identify(mia);
  return u;
}

/** Tracks `event` with `properties` at `iso`. */
async function trackAt(u: SeedUser, iso: string, event: string, properties: Record<string, unknown>): Promise<void> {
  await u.at(iso);
  await u.track(event, properties);
}

/** The e-mails Resend was asked to send: [subject, html]. */
const emails = (u: SeedUser) => u.world.providers.to("api.resend.test").map((r) => JSON.parse(r.text)).map((m) => [m.subject, m.html]);
/** What the LMS and the recommendation engine were asked, in order. */
const dataCalls = (u: SeedUser) =>
  u.world.providers.requests.filter((r) => r.url.host.endsWith(".example.com")).map((r) => `${r.url.host}${r.url.pathname}${r.url.search}`);

const congrats = ["congrats_email", "email", "course-congrats-email", "sent", "2026-10-05T10:00:00.000Z"];
const feedback = ["feedback_email", "email", "course-feedback-email", "sent", "2026-10-07T10:00:00.000Z"];
const fetched = ["course → next", "certificate → next", "recommendations → next"];

describe("course recommendations (seed 9) through the User DO", () => {
  it("completes a course: course, certificate and picks fetched in that order, the congratulation e-mail at once, feedback 2 days later; browsing a pick within 5 days ends the run, and a course started later still counts for the goal", async () => {
    const stats = await statsFrom(J);
    const u = await learner();
    await u.track("Course Completed", { course_id: "ts-101" });
    expect(await u.sent()).toEqual([congrats]);
    expect(dataCalls(u)).toEqual([
      "lms.example.com/v1/courses/ts-101",
      `lms.example.com/v1/courses/ts-101/certificates/${u.id}`,
      `recommendations.example.com/v1/users/${u.id}/courses?after=ts-101&limit=3`,
    ]);
    const [subject, html] = emails(u)[0] ?? [];
    expect(subject).toBe("Congratulations on completing TypeScript Basics!");
    expect(html).toBe(
      `<p>Well done, Mia!</p><p>You completed <b>TypeScript Basics</b>. <a href="https://learn.example.com/certificates/ts-101/${u.id}.pdf">Download your certificate</a>.</p>` +
        '<h3>What to learn next</h3><ul><li><a href="https://learn.example.com/courses/py-201?source=recommendation">Python for Data</a></li>' +
        '<li><a href="https://learn.example.com/courses/sql-101?source=recommendation">SQL in a Week</a></li>' +
        '<li><a href="https://learn.example.com/courses/viz-101?source=recommendation">Data Visualisation</a></li></ul>',
    );
    // The alarm runs again at the same instant (a retried alarm): nothing is asked or sent twice.
    const requests = u.world.providers.requests.length;
    await u.at(COMPLETED);
    expect(u.world.providers.requests).toHaveLength(requests);

    await u.at(FEEDBACK);
    expect(await u.sent()).toEqual([congrats, feedback]);
    expect(emails(u)[1]).toEqual([
      "How was TypeScript Basics?",
      '<p>Hi Mia,</p><p>Tell us what you thought of TypeScript Basics — it takes one minute: <a href="https://learn.example.com/feedback/ts-101">give feedback</a>.</p>' +
        '<p>Ready for more? <a href="https://learn.example.com/courses/py-201?source=recommendation">Python for Data</a> <a href="https://learn.example.com/courses/sql-101?source=recommendation">SQL in a Week</a> </p>',
    ]);
    await trackAt(u, "2026-10-09T19:00:00Z", "Course Viewed", { course_id: "py-201", source: "recommendation" });
    expect((await u.profile()).runs).toEqual([]);
    await trackAt(u, "2026-10-11T09:00:00Z", "Course Started", { course_id: "py-201" });
    await u.at(CONVERSION_TIMEOUT);

    expect(await u.sent()).toEqual([congrats, feedback]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([...fetched, "wait_2d → next", "wait_browse_5d → next"]);
    expect(why(trace, "wait_browse_5d")).toBe("wait_for_event Course Viewed: the event came → end");
    expect(trace.filter((t) => t.journeyId === J && t.kind === "goal").map((t) => t.at)).toEqual(["2026-10-11T09:00:00.000Z"]);
    expect((await u.profile()).traits["recommendation_conversions"]).toBeUndefined();
    expect(await stats.since()).toEqual({
      nodes: {
        course: { entered: 1 }, certificate: { entered: 1 }, recommendations: { entered: 1 }, congrats_email: { entered: 1 }, wait_2d: { entered: 1 },
        feedback_email: { entered: 1 }, wait_browse_5d: { entered: 1 }, end: { entered: 1, exited: 1 },
      },
      totals: { entered: 1, converted: 1, exited: 1, failed: 0 },
    });
  });

  it("with web push, a view from search is not a browse of the picks: after 5 days the first pick is pushed, and a course started within 2 days is tracked as a conversion", async () => {
    const stats = await statsFrom(J);
    const u = await learner("up", (v) => v.subscribeWebPush());
    await u.track("Course Completed", { course_id: "ts-101" });
    await u.at(FEEDBACK);
    await trackAt(u, "2026-10-09T19:00:00Z", "Course Viewed", { course_id: "py-201", source: "search" });
    await u.at(BROWSE_TIMEOUT);
    expect(await u.sent()).toEqual([congrats, feedback, ["recommendations_push", "web_push", "course-recommendations-push", "sent", "2026-10-12T10:00:00.000Z"]]);
    expect(await u.webPushShown()).toMatchObject([
      { title: "Your next course: Python for Data", body: "Based on TypeScript Basics. Start today.", url: "https://learn.example.com/courses/py-201?source=recommendation" },
    ]);
    await trackAt(u, "2026-10-13T09:00:00Z", "Course Started", { course_id: "py-201" });
    await u.at(CONVERSION_TIMEOUT);

    expect(await u.sent()).toHaveLength(3);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([...fetched, "wait_2d → next", "wait_browse_5d → timeout", "push_ok → yes", "wait_conversion_2d → next"]);
    const profile = await u.profile();
    expect([profile.traits["recommendation_conversions"], profile.runs]).toEqual([1, []]);
    expect(await stats.since()).toMatchObject({
      nodes: { push_ok: { entered: 1 }, recommendations_push: { entered: 1 }, wait_conversion_2d: { entered: 1 }, track_conversion: { entered: 1 }, end: { entered: 1, exited: 1 } },
      totals: { entered: 1, converted: 1, exited: 1, failed: 0 },
    });
  });

  it("without web push the picks go by e-mail; no course started within 2 days, so the run ends with no conversion", async () => {
    const stats = await statsFrom(J);
    const u = await learner();
    await u.track("Course Completed", { course_id: "ts-101" });
    await u.at(FEEDBACK);
    await u.at(BROWSE_TIMEOUT);
    await u.at(CONVERSION_TIMEOUT);
    expect(await u.sent()).toEqual([congrats, feedback, ["recommendations_email", "email", "course-recommendations-email", "sent", "2026-10-12T10:00:00.000Z"]]);
    expect(emails(u)[2]?.[0]).toBe("Courses picked for you");
    expect(emails(u)[2]?.[1]).toContain('<li><a href="https://learn.example.com/courses/py-201?source=recommendation">Python for Data</a></li>');
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([...fetched, "wait_2d → next", "wait_browse_5d → timeout", "push_ok → no", "wait_conversion_2d → timeout"]);
    expect(why(trace, "push_ok")).toBe("is_reachable web_push: no → recommendations_email");
    const profile = await u.profile();
    expect([profile.traits["recommendation_conversions"], profile.runs]).toEqual([undefined, []]);
    expect(await stats.since()).toMatchObject({ nodes: { recommendations_email: { entered: 1 }, end: { entered: 1, exited: 1 } }, totals: { entered: 1, converted: 0, exited: 1 } });
  });

  it("the recommendation engine down: the congratulation e-mail still goes, without picks, and the later e-mail falls back to the generic link", async () => {
    const u = await learner("down");
    await u.track("Course Completed", { course_id: "ts-101" });
    await u.at(FEEDBACK);
    await u.at(BROWSE_TIMEOUT);
    expect((await u.sent()).map(([node, , , status]) => [node, status])).toEqual([["congrats_email", "sent"], ["feedback_email", "sent"], ["recommendations_email", "sent"]]);
    const [congratsMail, feedbackMail, picksMail] = emails(u);
    expect(congratsMail?.[1]).toContain("Download your certificate");
    expect(congratsMail?.[1]).not.toContain("What to learn next");
    expect(feedbackMail?.[1]).not.toContain("Ready for more?");
    expect(picksMail?.[1]).toContain('<li><a href="https://learn.example.com/recommended?source=recommendation">See our picks</a></li>');
    expect(why(await u.trace(), "recommendations")).toBe("fetch_data failed (fetch_data 503: overloaded); on_error: continue without data.recommendations → congrats_email");
  });

  it("each completed course gets its own run: a second course completed a day later gets its own congratulation and feedback e-mails (its title, certificate and picks); the first course completed again starts nothing", async () => {
    const stats = await statsFrom(J);
    const u = await learner();
    await u.track("Course Completed", { course_id: "ts-101" });
    await trackAt(u, "2026-10-06T10:00:00Z", "Course Completed", { course_id: "py-201" });
    await trackAt(u, "2026-10-06T12:00:00Z", "Course Completed", { course_id: "ts-101" });
    await u.at(FEEDBACK);
    await u.at("2026-10-08T10:00:00Z");

    expect((await u.sent()).map(([node, , , status, at]) => [node, status, at])).toEqual([
      ["congrats_email", "sent", "2026-10-05T10:00:00.000Z"],
      ["congrats_email", "sent", "2026-10-06T10:00:00.000Z"],
      ["feedback_email", "sent", "2026-10-07T10:00:00.000Z"],
      ["feedback_email", "sent", "2026-10-08T10:00:00.000Z"],
    ]);
    const mails = emails(u);
    expect(mails.map(([subject]) => subject)).toEqual([
      "Congratulations on completing TypeScript Basics!",
      "Congratulations on completing Python for Data!",
      "How was TypeScript Basics?",
      "How was Python for Data?",
    ]);
    expect(mails[1]?.[1]).toBe(
      `<p>Well done, Mia!</p><p>You completed <b>Python for Data</b>. <a href="https://learn.example.com/certificates/py-201/${u.id}.pdf">Download your certificate</a>.</p>` +
        '<h3>What to learn next</h3><ul><li><a href="https://learn.example.com/courses/sql-101?source=recommendation">SQL in a Week</a></li>' +
        '<li><a href="https://learn.example.com/courses/viz-101?source=recommendation">Data Visualisation</a></li></ul>',
    );
    expect(mails[3]?.[1]).toContain('<a href="https://learn.example.com/feedback/py-201">give feedback</a>');
    expect(dataCalls(u).filter((call) => call.startsWith("recommendations."))).toEqual([
      `recommendations.example.com/v1/users/${u.id}/courses?after=ts-101&limit=3`,
      `recommendations.example.com/v1/users/${u.id}/courses?after=py-201&limit=3`,
    ]);
    const trace = await u.trace();
    expect(trace.filter((t) => t.kind === "entry" && t.journeyId === J).map((t) => [t.at, t.reason])).toEqual([
      ["2026-10-05T10:00:00.000Z", 'Course Completed: entered journey course-recommendations v1 (key "ts-101")'],
      ["2026-10-06T10:00:00.000Z", 'Course Completed: entered journey course-recommendations v1 (key "py-201")'],
      ["2026-10-06T12:00:00.000Z", 'Course Completed: not entered, already active for course_id "ts-101"'],
    ]);
    expect((await u.profile()).runs.map((r) => [r.runId, r.key, r.waiting?.node])).toEqual([
      [`${J}:1`, "ts-101", "wait_browse_5d"],
      [`${J}:2`, "py-201", "wait_browse_5d"],
    ]);
    expect(await stats.since()).toMatchObject({ nodes: { congrats_email: { entered: 2 }, feedback_email: { entered: 2 } }, totals: { entered: 2, exited: 0 } });
  });

  it("the browse check and the conversion hear any course: one view of a pick ends both courses' browse waits, and one start converts both; the same course completed again after its run ended still starts nothing (once a year per course)", async () => {
    const stats = await statsFrom(J);
    const u = await learner();
    await u.track("Course Completed", { course_id: "ts-101" });
    await trackAt(u, "2026-10-06T10:00:00Z", "Course Completed", { course_id: "py-201" });
    await u.at(FEEDBACK);
    await u.at("2026-10-08T10:00:00Z");
    await trackAt(u, "2026-10-09T19:00:00Z", "Course Viewed", { course_id: "sql-101", source: "recommendation" });
    expect((await u.profile()).runs).toEqual([]);
    await trackAt(u, "2026-10-10T09:00:00Z", "Course Started", { course_id: "sql-101" });
    await trackAt(u, "2026-10-20T10:00:00Z", "Course Completed", { course_id: "ts-101" });

    expect(await u.sent()).toHaveLength(4);
    const trace = await u.trace();
    expect(trace.filter((t) => t.journeyId === J && t.node === "wait_browse_5d" && t.kind === "resume").map((t) => [t.runId, t.reason])).toEqual([
      [`${J}:1`, "wait_for_event Course Viewed: the event came → end"],
      [`${J}:2`, "wait_for_event Course Viewed: the event came → end"],
    ]);
    expect(trace.filter((t) => t.journeyId === J && t.kind === "goal").map((t) => [t.runId, t.at])).toEqual([
      [`${J}:1`, "2026-10-10T09:00:00.000Z"],
      [`${J}:2`, "2026-10-10T09:00:00.000Z"],
    ]);
    expect(trace.filter((t) => t.kind === "entry" && t.journeyId === J).at(-1)?.reason).toBe(
      'Course Completed: not entered, entered less than 1y ago for course_id "ts-101" (reentry after 1y)',
    );
    expect(await stats.since()).toMatchObject({ totals: { entered: 2, converted: 2, exited: 2, failed: 0 } });
  });
});
