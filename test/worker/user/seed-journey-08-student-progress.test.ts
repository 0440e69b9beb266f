/**
 * Seed journey 8 (student progress reports) through the real Worker and User Durable Object: the
 * examples/ journey, segments and templates published with the admin API, course starts, lessons
 * and completions sent to POST /v1/track, the segment `active-learner` (a lesson in the last 7
 * days) kept by the object, the weekly wait run by its alarm, the LMS answering the two
 * fetch_data nodes, sends through the channel adapters to fake providers. Checked from the admin
 * API: message log, trace, journey stats; and what the student, the parent and the LMS received.
 */
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import progress from "../../../examples/journeys/08-student-progress.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, segmentMoves, why, type SeedUser } from "./helpers/seed-route-world.ts";
import { statsFrom } from "./helpers/seed-stats.ts";

const J = "student-progress";
const STARTED = "2026-09-07T08:00:00Z";
const WEEK_1 = "2026-09-14T08:00:00Z";
const WEEK_2 = "2026-09-21T08:00:00Z";
const WEEK_3 = "2026-09-28T08:00:00Z";
const STUDENT_PHONE = "+447700900123";
const PARENT_PHONE = "+447700900456";
const mia = { first_name: "Mia", email: "mia@example.com", phone: STUDENT_PHONE, sms_opt_in: true, parent_phone: PARENT_PHONE };

beforeAll(() => publishSeeds([progress]));
afterAll(() => resetUserObjectDeps());

const COURSES: Record<string, { title: string; forum_url: string }> = {
  "ts-101": { title: "TypeScript Basics", forum_url: "https://learn.example.com/forum/ts-101" },
  "py-201": { title: "Python for Data", forum_url: "https://learn.example.com/forum/py-201" },
};

/** The LMS: course details, and this week's progress per course (set by the test); `down` answers 503. */
class Lms {
  down = false;
  readonly lessons = new Map<string, number>();

  readonly answer = (url: URL): unknown => {
    if (this.down) return new Response("down for maintenance", { status: 503, headers: { "retry-after": "600" } });
    const [, course = "", user] = /^\/v1\/courses\/([^/]+)(?:\/progress\/([^/]+))?$/.exec(url.pathname) ?? [];
    if (user === undefined) return COURSES[course] ?? new Response("no such course", { status: 404 });
    const lessons = this.lessons.get(course) ?? 0;
    return { lessons_completed: lessons, hours: lessons * 1.5, percent_complete: lessons * 10 };
  };
}

/** A student with `traits` whose LMS is `lms`, at the course start. */
async function student(lms: Lms, traits: Record<string, unknown> = mia): Promise<SeedUser> {
  const u = seedWorld(STARTED, lms.answer).user("student");
  await u.identify(traits);
  return u;
}

/** Tracks `event` with `properties` at `iso`. */
async function trackAt(u: SeedUser, iso: string, event: string, properties: Record<string, unknown>): Promise<void> {
  await u.at(iso);
  await u.track(event, properties);
}

/** The SMS Twilio was asked to send: [to, body]. */
const texts = (u: SeedUser) => u.world.providers.to("api.twilio.test").map((r) => new URLSearchParams(r.text)).map((f) => [f.get("To"), f.get("Body")]);
/** The e-mails Resend was asked to send: [to, subject, html]. */
const emails = (u: SeedUser) => u.world.providers.to("api.resend.test").map((r) => JSON.parse(r.text)).map((m) => [m.to[0], m.subject, m.html]);
/** What the LMS was asked, in order. */
const lmsCalls = (u: SeedUser) => u.world.providers.to("lms.example.com").map((r) => `${r.url.pathname}${r.url.search}`);

/** The three messages of one weekly report, in the log's order, at `at`. */
const report = (at: string, parent = true) => [
  ["sms_student", "sms", "weekly-report-sms", "sent", at],
  ...(parent ? [["sms_parent", "sms", "weekly-report-sms-parent", "sent", at]] : []),
  ["email_report", "email", "weekly-report-email", "sent", at],
];

describe("student progress (seed 8) through the User DO", () => {
  it("an active learner with a parent's phone: each week the LMS is asked for the course and the week's progress, then the student and the parent get the report by SMS and the student by e-mail, at the same instant; a quiet week ends the run", async () => {
    const stats = await statsFrom(J);
    const lms = new Lms();
    const u = await student(lms);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-09T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await trackAt(u, "2026-09-10T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    lms.lessons.set("ts-101", 2);
    await u.at(WEEK_1);
    expect(await u.sent()).toEqual(report("2026-09-14T08:00:00.000Z"));
    // The alarm runs again at the same instant (a retried alarm): nothing is asked or sent twice.
    const requests = u.world.providers.requests.length;
    await u.at(WEEK_1);
    expect(u.world.providers.requests).toHaveLength(requests);
    expect(await u.sent()).toHaveLength(3);

    await trackAt(u, "2026-09-16T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    lms.lessons.set("ts-101", 1);
    await u.at(WEEK_2);
    await u.at("2026-09-23T17:00:00Z"); // the last lesson leaves the 7-day window: not an active learner any more
    expect((await u.profile()).segments).toEqual([]);
    await u.at(WEEK_3);
    await u.at("2026-10-12T08:00:00Z");

    expect(await u.sent()).toEqual([...report("2026-09-14T08:00:00.000Z"), ...report("2026-09-21T08:00:00.000Z")]);
    expect(texts(u)).toEqual([
      [STUDENT_PHONE, "Mia, your week in TypeScript Basics: 2 lessons, 20% complete. Keep going!"],
      [PARENT_PHONE, "Weekly report for Mia in TypeScript Basics: 2 lessons this week, 20% complete."],
      [STUDENT_PHONE, "Mia, your week in TypeScript Basics: 1 lessons, 10% complete. Keep going!"],
      [PARENT_PHONE, "Weekly report for Mia in TypeScript Basics: 1 lessons this week, 10% complete."],
    ]);
    expect(emails(u).map(([to, subject]) => [to, subject])).toEqual([
      ["Mia <mia@example.com>", "Your weekly progress in TypeScript Basics"],
      ["Mia <mia@example.com>", "Your weekly progress in TypeScript Basics"],
    ]);
    expect(emails(u)[0]?.[2]).toBe(
      '<p>Hi Mia,</p><p>This week: 2 lessons, 3 hours, 20% of the course complete.</p><p>Questions? Join the discussion: <a href="https://learn.example.com/forum/ts-101">course forum</a></p>',
    );
    const week = ["/v1/courses/ts-101", `/v1/courses/ts-101/progress/${u.id}?period=7d`];
    expect(lmsCalls(u)).toEqual([...week, ...week]);

    const trace = await u.trace();
    const reportWeek = ["wait_week → next", "active → yes", "course → next", "progress → next", "has_parent → yes"];
    expect(decisions(trace, J)).toEqual([...reportWeek, ...reportWeek, "wait_week → next", "active → no"]);
    expect(why(trace, "active")).toBe("in_segment active-learner: no → end");
    expect(segmentMoves(trace, "active-learner")).toEqual(["2026-09-09T17:00:00.000Z entered active-learner", "2026-09-23T17:00:00.000Z left active-learner"]);
    expect((await u.profile()).runs).toEqual([]);
    expect(await stats.since()).toEqual({
      nodes: {
        wait_week: { entered: 3 }, active: { entered: 3 }, course: { entered: 2 }, progress: { entered: 2 }, sms_student: { entered: 2 },
        has_parent: { entered: 2 }, sms_parent: { entered: 2 }, email_report: { entered: 2 }, end: { entered: 1, exited: 1 },
      },
      totals: { entered: 1, converted: 0, exited: 1, failed: 0 },
    });
  });

  it("no parent phone: the student's SMS and the e-mail only", async () => {
    const lms = new Lms();
    const { parent_phone: _none, ...alone } = mia;
    const u = await student(lms, alone);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-12T10:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    lms.lessons.set("ts-101", 1);
    await u.at(WEEK_1);
    expect(await u.sent()).toEqual(report("2026-09-14T08:00:00.000Z", false));
    expect(texts(u)).toEqual([[STUDENT_PHONE, "Mia, your week in TypeScript Basics: 1 lessons, 10% complete. Keep going!"]]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_week → next", "active → yes", "course → next", "progress → next", "has_parent → no"]);
    expect(why(trace, "has_parent")).toBe("check_attribute [parent_phone exists: missing → false]: no → email_report");
    expect((await u.profile()).runs).toMatchObject([{ journeyId: J, key: "ts-101", waiting: { node: "wait_week", type: "timer", until: "2026-09-21T08:00:00.000Z" } }]);
  });

  it("no lesson in the first week: not an active learner, so no report, the LMS is not asked and the run ends", async () => {
    const stats = await statsFrom(J);
    const u = await student(new Lms());
    await u.track("Course Started", { course_id: "ts-101" });
    await u.at(WEEK_1);
    await u.at(WEEK_2);
    expect(await u.sent()).toEqual([]);
    expect(lmsCalls(u)).toEqual([]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_week → next", "active → no"]);
    expect(why(trace, "active")).toBe("in_segment active-learner: no → end");
    expect((await u.profile()).runs).toEqual([]);
    expect(await stats.since()).toEqual({
      nodes: { wait_week: { entered: 1 }, active: { entered: 1 }, end: { entered: 1, exited: 1 } },
      totals: { entered: 1, converted: 0, exited: 1, failed: 0 },
    });
  });

  it("completing the course ends the weekly reports, though the student keeps taking lessons", async () => {
    const stats = await statsFrom(J);
    const lms = new Lms();
    lms.lessons.set("ts-101", 3);
    const u = await student(lms);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-10T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await u.at(WEEK_1);
    await trackAt(u, "2026-09-16T12:00:00Z", "Course Completed", { course_id: "ts-101" });
    await trackAt(u, "2026-09-18T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await u.at(WEEK_2);
    await u.at(WEEK_3);
    expect(await u.sent()).toEqual(report("2026-09-14T08:00:00.000Z"));
    const trace = await u.trace();
    expect(trace.filter((t) => t.journeyId === J && t.kind === "end").map((t) => [t.at, t.node, t.reason])).toEqual([
      ["2026-09-16T12:00:00.000Z", "wait_week", expect.stringMatching(/^run ended \(exit_event\): .*Course Completed/)],
    ]);
    expect((await u.profile()).runs).toEqual([]);
    expect(await stats.since()).toMatchObject({ nodes: { wait_week: { entered: 2, exited: 1 } }, totals: { entered: 1, exited: 1 } });
  });

  it("two courses side by side: one run per course_id, each report about its own course; completing one leaves the other running, and starting a running course again starts nothing", async () => {
    const lms = new Lms();
    lms.lessons.set("py-201", 4);
    const u = await student(lms);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-08T08:00:00Z", "Course Started", { course_id: "py-201" });
    await trackAt(u, "2026-09-09T08:00:00Z", "Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-10T17:00:00Z", "Lesson Completed", { course_id: "py-201" });
    await trackAt(u, "2026-09-11T12:00:00Z", "Course Completed", { course_id: "ts-101" });
    expect((await u.profile()).runs.map((r) => [r.key, r.waiting?.until])).toEqual([["py-201", "2026-09-15T08:00:00.000Z"]]);
    await u.at(WEEK_1);
    await u.at("2026-09-15T08:00:00Z");
    expect(await u.sent()).toEqual(report("2026-09-15T08:00:00.000Z"));
    expect(texts(u).map(([to, body]) => [to, body?.split(":")[0]])).toEqual([
      [STUDENT_PHONE, "Mia, your week in Python for Data"],
      [PARENT_PHONE, "Weekly report for Mia in Python for Data"],
    ]);
    expect(lmsCalls(u)).toEqual(["/v1/courses/py-201", `/v1/courses/py-201/progress/${u.id}?period=7d`]);
    const trace = await u.trace();
    expect(trace.filter((t) => t.kind === "entry" && t.journeyId === J).map((t) => [t.at, t.reason])).toEqual([
      ["2026-09-07T08:00:00.000Z", 'Course Started: entered journey student-progress v1 (key "ts-101")'],
      ["2026-09-08T08:00:00.000Z", 'Course Started: entered journey student-progress v1 (key "py-201")'],
      ["2026-09-09T08:00:00.000Z", 'Course Started: not entered, already active for course_id "ts-101"'],
    ]);
  });

  it("the LMS down in the second week: the report still goes out, without last week's numbers, and the trace says why", async () => {
    const lms = new Lms();
    lms.lessons.set("ts-101", 2);
    const u = await student(lms);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-10T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await u.at(WEEK_1);
    await trackAt(u, "2026-09-17T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    lms.down = true;
    await u.at(WEEK_2);
    expect(await u.sent()).toEqual([...report("2026-09-14T08:00:00.000Z"), ...report("2026-09-21T08:00:00.000Z")]);
    expect(texts(u).slice(2)).toEqual([
      [STUDENT_PHONE, "Mia, your week in your course: 0 lessons, 0% complete. Keep going!"],
      [PARENT_PHONE, "Weekly report for Mia in their course: 0 lessons this week, 0% complete."],
    ]);
    expect(emails(u)[1]?.[1]).toBe("Your weekly progress in your course");
    const trace = await u.trace();
    expect(why(trace, "course")).toBe("fetch_data failed (fetch_data 503: down for maintenance); on_error: continue without data.course → progress");
    expect(why(trace, "progress")).toBe("fetch_data failed (fetch_data 503: down for maintenance); on_error: continue without data.progress → sms_student");
  });

  it("a student who unsubscribes from the report e-mail still gets the SMS reports; the e-mail is suppressed, not sent", async () => {
    const lms = new Lms();
    lms.lessons.set("ts-101", 1);
    const u = await student(lms);
    await u.track("Course Started", { course_id: "ts-101" });
    await trackAt(u, "2026-09-10T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await u.at(WEEK_1);
    // The mail client's one-click unsubscribe (RFC 8058) on the first report.
    const [first] = u.world.providers.to("api.resend.test");
    const link = String(JSON.parse(first?.text ?? "{}")["headers"]["List-Unsubscribe"]).slice(1, -1);
    const res = await exports.default.fetch(link, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    await trackAt(u, "2026-09-17T17:00:00Z", "Lesson Completed", { course_id: "ts-101" });
    await u.at(WEEK_2);
    const log = await u.sent();
    expect(log.slice(3)).toEqual([
      ["sms_student", "sms", "weekly-report-sms", "sent", "2026-09-21T08:00:00.000Z"],
      ["sms_parent", "sms", "weekly-report-sms-parent", "sent", "2026-09-21T08:00:00.000Z"],
      ["email_report", "email", "weekly-report-email", "suppressed", "2026-09-21T08:00:00.000Z"],
    ]);
    expect((await u.trace()).filter((t) => t.kind === "delivery" && t.node === "email_report").map((t) => t.reason)).toEqual([
      "send email weekly-report-email: sent",
      "send email weekly-report-email: suppressed: unreachable: email: unsubscribed (email_unsubscribed)",
    ]);
    expect(u.world.providers.to("api.resend.test")).toHaveLength(1);
    expect(texts(u)).toHaveLength(4);
  });
});
