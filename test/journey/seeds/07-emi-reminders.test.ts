import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const emi = journey("07-emi-reminders.json");
// A borrower in India: reminders go out at 10:00 IST (04:30 UTC).
const borrower = { email: "ravi@example.com", phone: "+919812345678", sms_opt_in: true, emi_amount: "₹12,400", loan_id: "L-77", emi_due_date: "2024-07-15" };
const profile = { traits: borrower, timeZone: "Asia/Kolkata" };
const disbursed = { at: "2024-06-15T06:00:00Z", event: "Loan Disbursed", properties: { loan_id: "L-77" } };
const paid = (at: string) => ({ at, event: "EMI Paid", properties: { loan_id: "L-77" } });

describe("07 recurring payment (EMI) reminders", () => {
  it("not paid: email at D-10, email and SMS at D-5 (10:00 local), then the run gives up after 10 days", () => {
    const result = run(emi, profile, [disbursed], "2024-08-01T00:00:00Z");
    expect(sends(result)).toEqual([
      "email emi-reminder-email @ 2024-07-05T04:30:00.000Z",
      "email emi-final-reminder-email @ 2024-07-10T04:30:00.000Z",
      "sms emi-final-reminder-sms @ 2024-07-10T04:30:00.000Z",
    ]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-07-20T04:30:00.000Z"]);
    expect(result.effects.filter(({ effect }) => effect.type === "send" && !effect.transactional)).toEqual([]);
  });

  it("paid before D-10: no reminder; the due date moves 30 days on and the next cycle's run starts", () => {
    const result = run(emi, profile, [disbursed, paid("2024-07-01T07:00:00Z")], "2024-08-01T00:00:00Z");
    expect(sends(result)).toEqual([]);
    expect(result.traits["emi_due_date"]).toBe("2024-08-14");
    expect(result.runs.map((r) => [r.trigger, r.enteredAt, r.endReason ?? "active"])).toEqual([
      ["Loan Disbursed", "2024-06-15T06:00:00.000Z", "completed"],
      ["Attribute Changed", "2024-07-05T04:30:00.000Z", "active"],
    ]);
  });

  it("paid between D-10 and D-5: the D-10 email only, then the next cycle", () => {
    const result = run(emi, profile, [disbursed, paid("2024-07-07T07:00:00Z")], "2024-08-01T00:00:00Z");
    expect(sends(result)).toEqual(["email emi-reminder-email @ 2024-07-05T04:30:00.000Z"]);
    expect(result.traits["emi_due_date"]).toBe("2024-08-14");
  });

  it("paid late, after D-5: the date moves on at payment, and that payment does not count for the next cycle", () => {
    const result = run(emi, profile, [disbursed, paid("2024-07-16T07:00:00Z")], "2024-08-05T00:00:00Z");
    expect(result.traits["emi_due_date"]).toBe("2024-08-14");
    expect(sends(result)).toEqual([
      "email emi-reminder-email @ 2024-07-05T04:30:00.000Z",
      "email emi-final-reminder-email @ 2024-07-10T04:30:00.000Z",
      "sms emi-final-reminder-sms @ 2024-07-10T04:30:00.000Z",
      "email emi-reminder-email @ 2024-08-04T04:30:00.000Z",
    ]);
  });

  it("the lender moving the due date re-targets the waiting reminder", () => {
    const moved = { at: "2024-06-20T06:00:00Z", traits: { emi_due_date: "2024-07-20" } };
    const result = run(emi, profile, [disbursed, moved], "2024-07-11T00:00:00Z");
    expect(sends(result)).toEqual(["email emi-reminder-email @ 2024-07-10T04:30:00.000Z"]);
    expect(result.runs).toHaveLength(1);
  });

  it("setting emi_due_date alone (no disbursal event) starts the journey", () => {
    const { emi_due_date: _unset, ...withoutDate } = borrower;
    const set = { at: "2024-06-15T06:00:00Z", traits: { emi_due_date: "2024-07-15" } };
    const result = run(emi, { traits: withoutDate, timeZone: "Asia/Kolkata" }, [set], "2024-07-06T00:00:00Z");
    expect(result.runs[0]).toMatchObject({ trigger: "Attribute Changed" });
    expect(sends(result)).toEqual(["email emi-reminder-email @ 2024-07-05T04:30:00.000Z"]);
  });
});
