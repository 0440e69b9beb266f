import { describe, expect, it } from "vitest";
import { capHistorySince, decideDelivery, type DeliveryRequest } from "../../../worker/delivery/policy/decide-delivery.ts";
import type { DeliveryPolicy } from "../../../worker/delivery/policy/schema.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";

const t = (iso: string): number => Date.parse(iso);

function decide(over: Partial<DeliveryRequest> & { policy: DeliveryPolicy }) {
  return decideDelivery({ channel: "email", transactional: false, sentAt: [], now: t("2026-11-23T10:00:00Z"), timeZone: "Europe/Paris", ...over });
}

describe("decideDelivery: frequency caps", () => {
  const policy: DeliveryPolicy = { frequency_caps: { email: ["3 per 1d", "10 per 7d"] } };

  it.each([
    { name: "2 of 3 in the last day → send", sentAt: ["2026-11-22T10:30:00Z", "2026-11-23T08:00:00Z"], expected: { type: "send" } },
    {
      name: "3 of 3 → suppress, naming the cap and the window",
      sentAt: ["2026-11-22T10:30:00Z", "2026-11-22T15:00:00Z", "2026-11-23T08:00:00Z"],
      expected: { type: "suppress", rule: "frequency_cap", reason: "frequency cap 3 per 1d reached (3 sent since 2026-11-22T10:00Z)" },
    },
    {
      name: "the oldest aged out exactly one day ago → send",
      sentAt: ["2026-11-22T10:00:00Z", "2026-11-22T15:00:00Z", "2026-11-23T08:00:00Z"],
      expected: { type: "send" },
    },
    {
      name: "the oldest one millisecond short of a day still counts",
      sentAt: ["2026-11-22T10:00:00.001Z", "2026-11-22T15:00:00Z", "2026-11-23T08:00:00Z"],
      expected: { type: "suppress", rule: "frequency_cap", reason: "frequency cap 3 per 1d reached (3 sent since 2026-11-22T10:00Z)" },
    },
    {
      name: "a weekly cap bites when the daily one does not",
      sentAt: ["17", "18", "18", "19", "19", "20", "21", "21"].map((d) => `2026-11-${d}T12:00:00Z`).concat(["2026-11-22T12:00:00Z", "2026-11-23T09:00:00Z"]),
      expected: { type: "suppress", rule: "frequency_cap", reason: "frequency cap 10 per 7d reached (10 sent since 2026-11-16T10:00Z)" },
    },
    { name: "sends after now (clock skew) do not count", sentAt: ["2026-11-23T09:00:00Z", "2026-11-23T09:30:00Z", "2026-11-23T11:00:00Z"], expected: { type: "send" } },
  ])("$name", ({ sentAt, expected }) => {
    expect(decide({ policy, sentAt: sentAt.map(t) })).toEqual(expected);
  });

  it("applies only to the capped channel", () => {
    const sentAt = ["2026-11-23T07:00:00Z", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z"].map(t);
    expect(decide({ policy, channel: "sms", sentAt })).toEqual({ type: "send" });
  });

  it("counts a calendar day in the user's zone: 1 per 1d frees up at the same local time after spring forward (23 h)", () => {
    const policy1: DeliveryPolicy = { frequency_caps: { web_push: ["1 per 1d"] } };
    const sentAt = [t("2026-03-28T11:00:00Z")]; // 12:00 CET
    const at = (iso: string) => decide({ policy: policy1, channel: "web_push", sentAt, now: t(iso) }).type;
    expect(at("2026-03-29T09:59:00Z")).toBe("suppress"); // 11:59 CEST
    expect(at("2026-03-29T10:00:00Z")).toBe("send"); // 12:00 CEST, 23 h later
  });

  it("exempts transactional sends", () => {
    const sentAt = ["2026-11-23T07:00:00Z", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z"].map(t);
    expect(decide({ policy, sentAt, transactional: true })).toEqual({ type: "send" });
  });
});

describe("decideDelivery: quiet hours", () => {
  const quiet = (action: "delay" | "drop", channels?: Channel[]): DeliveryPolicy => ({
    quiet_hours: { from: "21:00", to: "08:00", action, ...(channels ? { channels } : {}) },
  });

  it.each([
    {
      name: "Paris at 22:30 CET → delayed to 08:00 CET",
      now: "2026-11-22T21:30:00Z", tz: "Europe/Paris", until: "2026-11-23T07:00:00Z",
      reason: "quiet hours 21:00–08:00 Europe/Paris: delayed to 08:00",
    },
    {
      name: "Paris, the night clocks fall back (22:00 CEST → 08:00 CET)",
      now: "2026-10-24T20:00:00Z", tz: "Europe/Paris", until: "2026-10-25T07:00:00Z",
      reason: "quiet hours 21:00–08:00 Europe/Paris: delayed to 08:00",
    },
    {
      name: "Paris, the night clocks spring forward (22:00 CET → 08:00 CEST)",
      now: "2026-03-28T21:00:00Z", tz: "Europe/Paris", until: "2026-03-29T06:00:00Z",
      reason: "quiet hours 21:00–08:00 Europe/Paris: delayed to 08:00",
    },
    {
      name: "Paris after midnight, 03:00 → 08:00 the same morning",
      now: "2026-11-23T02:00:00Z", tz: "Europe/Paris", until: "2026-11-23T07:00:00Z",
      reason: "quiet hours 21:00–08:00 Europe/Paris: delayed to 08:00",
    },
    {
      name: "Kolkata (+05:30) exactly at 21:00 IST",
      now: "2026-11-22T15:30:00Z", tz: "Asia/Kolkata", until: "2026-11-23T02:30:00Z",
      reason: "quiet hours 21:00–08:00 Asia/Kolkata: delayed to 08:00",
    },
    {
      name: "an unknown zone reads as UTC",
      now: "2026-11-22T23:00:00Z", tz: "Mars/Olympus", until: "2026-11-23T08:00:00Z",
      reason: "quiet hours 21:00–08:00 UTC: delayed to 08:00",
    },
  ])("$name", ({ now, tz, until, reason }) => {
    expect(decide({ policy: quiet("delay"), now: t(now), timeZone: tz })).toEqual({ type: "delay", rule: "quiet_hours", until: t(until), reason });
  });

  it.each([
    ["20:59 IST, a minute before quiet hours", "2026-11-22T15:29:00Z"],
    ["08:00 IST, the minute they end", "2026-11-23T02:30:00Z"],
  ])("sends at %s", (_name, now) => {
    expect(decide({ policy: quiet("delay"), now: t(now), timeZone: "Asia/Kolkata" })).toEqual({ type: "send" });
  });

  it("drops when the action is drop", () => {
    expect(decide({ policy: quiet("drop"), now: t("2026-11-22T21:30:00Z") })).toEqual({
      type: "suppress", rule: "quiet_hours", reason: "quiet hours 21:00–08:00 Europe/Paris: dropped",
    });
  });

  it("covers only the listed channels, and by default not in-app or overlays", () => {
    const now = t("2026-11-22T21:30:00Z");
    expect(decide({ policy: quiet("drop", ["sms"]), channel: "email", now })).toEqual({ type: "send" });
    expect(decide({ policy: quiet("drop", ["sms"]), channel: "sms", now }).type).toBe("suppress");
    expect(decide({ policy: quiet("drop"), channel: "in_app", now })).toEqual({ type: "send" });
    expect(decide({ policy: quiet("drop"), channel: "web_overlay", now })).toEqual({ type: "send" });
    expect(decide({ policy: quiet("drop"), channel: "web_push", now }).type).toBe("suppress");
  });

  it("handles a daytime span (from < to)", () => {
    const policy: DeliveryPolicy = { quiet_hours: { from: "12:00", to: "14:00", action: "delay" } };
    expect(decide({ policy, now: t("2026-11-23T12:00:00Z") })).toMatchObject({ type: "delay", until: t("2026-11-23T13:00:00Z") });
    expect(decide({ policy, now: t("2026-11-23T13:00:00Z") })).toEqual({ type: "send" });
  });

  it("exempts transactional sends", () => {
    expect(decide({ policy: quiet("drop"), now: t("2026-11-22T21:30:00Z"), transactional: true })).toEqual({ type: "send" });
  });
});

describe("decideDelivery: a delay that also hits a cap", () => {
  it("delays past quiet hours to when the oldest counted send ages out", () => {
    const policy: DeliveryPolicy = { frequency_caps: { email: ["2 per 1d"] }, quiet_hours: { from: "21:00", to: "08:00", action: "delay" } };
    const sentAt = [t("2026-11-22T08:30:00Z"), t("2026-11-22T09:00:00Z")]; // 09:30 and 10:00 CET
    expect(decide({ policy, sentAt, now: t("2026-11-22T21:00:00Z") })).toEqual({
      type: "delay",
      rule: "quiet_hours",
      until: t("2026-11-23T08:30:00Z"),
      reason: "quiet hours 21:00–08:00 Europe/Paris and frequency cap 2 per 1d: delayed to 09:30",
    });
  });

  it("skips the next night when the cap frees up inside it", () => {
    const policy: DeliveryPolicy = { frequency_caps: { sms: ["1 per 1d"] }, quiet_hours: { from: "21:00", to: "08:00", action: "delay" } };
    const sentAt = [t("2026-11-22T20:30:00Z")]; // 21:30 CET (a transactional-looking late send)
    expect(decide({ policy, channel: "sms", sentAt, now: t("2026-11-22T21:00:00Z") })).toEqual({
      type: "delay",
      rule: "quiet_hours",
      until: t("2026-11-24T07:00:00Z"),
      reason: "quiet hours 21:00–08:00 Europe/Paris and frequency cap 1 per 1d: delayed to 2026-11-24 08:00",
    });
  });

  it("suppresses (does not delay) a capped send outside quiet hours", () => {
    const policy: DeliveryPolicy = { frequency_caps: { email: ["1 per 1d"] }, quiet_hours: { from: "21:00", to: "08:00", action: "delay" } };
    expect(decide({ policy, sentAt: [t("2026-11-23T08:00:00Z")] })).toEqual({
      type: "suppress", rule: "frequency_cap", reason: "frequency cap 1 per 1d reached (1 sent since 2026-11-22T10:00Z)",
    });
  });
});

describe("decideDelivery without a policy", () => {
  it("sends", () => {
    expect(decideDelivery({ policy: undefined, channel: "sms", transactional: false, sentAt: [1, 2, 3], now: 10, timeZone: "UTC" })).toEqual({ type: "send" });
  });
});

describe("capHistorySince", () => {
  it("is the start of the channel's longest cap window, or null without caps", () => {
    const policy: DeliveryPolicy = { frequency_caps: { email: ["3 per 1d", "10 per 7d"] } };
    expect(capHistorySince(policy, "email", t("2026-11-23T10:00:00Z"), "UTC")).toBe(t("2026-11-16T10:00:00Z"));
    expect(capHistorySince(policy, "sms", t("2026-11-23T10:00:00Z"), "UTC")).toBeNull();
    expect(capHistorySince(undefined, "email", t("2026-11-23T10:00:00Z"), "UTC")).toBeNull();
  });
});
