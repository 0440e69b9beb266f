import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const progress = journey("08-student-progress.json");
const student = { email: "mia@example.com", phone: "+447700900123", sms_opt_in: true, parent_phone: "+447700900456" };
const started = (course: string, at = "2024-09-02T08:00:00Z") => ({ at, event: "Course Started", properties: { course_id: course } });
const lesson = (at: string, course = "c1") => ({ at, event: "Lesson Completed", properties: { course_id: course } });
const weekly = (at: string) => [
  `sms weekly-report-sms @ ${at}`,
  `sms weekly-report-sms-parent @ ${at}`,
  `email weekly-report-email @ ${at}`,
];

describe("08 student progress reports", () => {
  it("every week while active: SMS to student and parent and an email at the same instant; ends when inactive", () => {
    const timeline = [started("c1"), lesson("2024-09-05T17:00:00Z"), lesson("2024-09-12T17:00:00Z")];
    const result = run(progress, { traits: student }, timeline, "2024-10-01T00:00:00Z");
    expect(sends(result)).toEqual([...weekly("2024-09-09T08:00:00.000Z"), ...weekly("2024-09-16T08:00:00.000Z")]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-09-23T08:00:00.000Z"]);
    expect(result.messages.find((m) => m.template === "weekly-report-sms-parent")).toMatchObject({ to: "parent_phone", status: "sent" });
  });

  it("fetches the course and the week's progress before each report", () => {
    const result = run(progress, { traits: student }, [started("c1"), lesson("2024-09-05T17:00:00Z")], "2024-09-10T00:00:00Z");
    expect(result.path).toEqual(["wait_week", "active", "course", "progress", "sms_student", "has_parent", "sms_parent", "email_report", "wait_week"]);
  });

  it("no parent phone: only the student's SMS and the email", () => {
    const { parent_phone: _none, ...alone } = student;
    const result = run(progress, { traits: alone }, [started("c1"), lesson("2024-09-05T17:00:00Z")], "2024-09-10T00:00:00Z");
    expect(sends(result)).toEqual(["sms weekly-report-sms @ 2024-09-09T08:00:00.000Z", "email weekly-report-email @ 2024-09-09T08:00:00.000Z"]);
  });

  it("not active in the first week → no report, the run ends", () => {
    const result = run(progress, { traits: student }, [started("c1")], "2024-09-20T00:00:00Z");
    expect(sends(result)).toEqual([]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-09-09T08:00:00.000Z"]);
  });

  it("completing the course stops the weekly reports", () => {
    const done = { at: "2024-09-10T12:00:00Z", event: "Course Completed", properties: { course_id: "c1" } };
    const timeline = [started("c1"), lesson("2024-09-05T17:00:00Z"), done, lesson("2024-09-11T17:00:00Z")];
    const result = run(progress, { traits: student }, timeline, "2024-10-01T00:00:00Z");
    expect(sends(result)).toEqual(weekly("2024-09-09T08:00:00.000Z"));
    expect(ends(result)).toEqual(["sim-1 exit_event @ 2024-09-10T12:00:00.000Z"]);
  });

  it("two courses run side by side, one per course_id; finishing one leaves the other running", () => {
    const timeline = [
      started("c1"),
      started("c2", "2024-09-03T08:00:00Z"),
      started("c1", "2024-09-04T08:00:00Z"),
      lesson("2024-09-05T17:00:00Z"),
      { at: "2024-09-06T12:00:00Z", event: "Course Completed", properties: { course_id: "c1" } },
    ];
    const result = run(progress, { traits: student }, timeline, "2024-09-11T00:00:00Z");
    expect(result.runs.map((r) => [r.id, r.key, r.endReason ?? "active"])).toEqual([
      ["sim-1", "c1", "exit_event"],
      ["sim-2", "c2", "active"],
    ]);
    expect(sends(result)).toEqual(weekly("2024-09-10T08:00:00.000Z"));
  });
});
