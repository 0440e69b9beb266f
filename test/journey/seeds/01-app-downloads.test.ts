import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const appDownloads = journey("01-app-downloads.json");
const paid = { at: "2024-05-01T10:00:00Z", event: "Order Completed", properties: { order_id: "o-1", total: 59 } };
const noApp = { email: "ada@example.com", phone: "+14155550100", sms_opt_in: true };
const until = "2024-05-10T00:00:00Z";

describe("01 app downloads", () => {
  it("a payer who already has the app (reachable by mobile push) gets nothing", () => {
    const result = run(appDownloads, { traits: { ...noApp, fcm_token: "fcm-1" } }, [paid], until);
    expect(sends(result)).toEqual([]);
    expect(result.path).toEqual(["has_app", "end"]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-05-01T10:00:00.000Z"]);
  });

  it("reachability can come from the profile override instead of traits", () => {
    const result = run(appDownloads, { traits: noApp, reachable: { mobile_push: true } }, [paid], until);
    expect(sends(result)).toEqual([]);
  });

  it("no app and no download: SMS after 24 h, email 1 h later, final SMS 24 h after that", () => {
    const result = run(appDownloads, { traits: noApp }, [paid], until);
    expect(sends(result)).toEqual([
      "sms app-download-sms @ 2024-05-02T10:00:00.000Z",
      "email app-download-email @ 2024-05-02T11:00:00.000Z",
      "sms app-download-final-sms @ 2024-05-03T11:00:00.000Z",
    ]);
    expect(result.ended).toEqual({ at: "2024-05-03T11:00:00.000Z", reason: "completed" });
  });

  it("downloading within the hour after the SMS stops the journey (and counts as the goal)", () => {
    const result = run(appDownloads, { traits: noApp }, [paid, { at: "2024-05-02T10:30:00Z", event: "App Downloaded" }], until);
    expect(sends(result)).toEqual(["sms app-download-sms @ 2024-05-02T10:00:00.000Z"]);
    expect(result.ended).toEqual({ at: "2024-05-02T10:30:00.000Z", reason: "exit_event" });
    expect(result.runs[0]?.goalAt).toBe("2024-05-02T10:30:00.000Z");
  });

  it("downloading after the email: no final SMS", () => {
    const result = run(appDownloads, { traits: noApp }, [paid, { at: "2024-05-03T09:00:00Z", event: "App Downloaded" }], until);
    expect(sends(result)).toEqual([
      "sms app-download-sms @ 2024-05-02T10:00:00.000Z",
      "email app-download-email @ 2024-05-02T11:00:00.000Z",
    ]);
    expect(result.ended?.reason).toBe("exit_event");
  });

  it("downloading during the first 24 h: nothing is sent", () => {
    const result = run(appDownloads, { traits: noApp }, [paid, { at: "2024-05-01T20:00:00Z", event: "App Downloaded" }], until);
    expect(sends(result)).toEqual([]);
    expect(result.ended).toEqual({ at: "2024-05-01T20:00:00.000Z", reason: "exit_event" });
  });

  it("a second payment within 30 days does not start the sequence again; one after 30 days does", () => {
    const second = { at: "2024-05-20T10:00:00Z", event: "Order Completed" };
    const third = { at: "2024-06-01T10:00:00Z", event: "Order Completed" };
    const result = run(appDownloads, { traits: noApp }, [paid, second, third], "2024-06-02T10:00:00Z");
    expect(result.runs.map((r) => r.enteredAt)).toEqual(["2024-05-01T10:00:00.000Z", "2024-06-01T10:00:00.000Z"]);
    expect(sends(result).at(-1)).toBe("sms app-download-sms @ 2024-06-02T10:00:00.000Z");
  });
});
