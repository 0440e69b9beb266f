import { describe, expect, it } from "vitest";
import { parseCap } from "../../../worker/delivery/policy/frequency-cap.ts";
import { DeliveryPolicy } from "../../../worker/delivery/policy/schema.ts";

function problems(input: unknown): Array<{ path: string; message: string }> {
  const result = DeliveryPolicy.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("DeliveryPolicy schema", () => {
  it("accepts caps per channel and quiet hours", () => {
    const policy = {
      frequency_caps: { email: ["3 per 1d", "10 per 7d"], sms: ["1 per 12h"], web_push: ["5 per 1w"] },
      quiet_hours: { from: "21:00", to: "08:00", action: "delay", channels: ["sms", "web_push"] },
    };
    expect(DeliveryPolicy.parse(policy)).toEqual(policy);
    expect(DeliveryPolicy.parse({})).toEqual({});
  });

  it.each([
    [{ frequency_caps: { email: ["3 per day"] } }, "frequency_caps.email.0", "a cap such as"],
    [{ frequency_caps: { email: ["0 per 1d"] } }, "frequency_caps.email.0", "at least 1"],
    [{ frequency_caps: { emial: ["3 per 1d"] } }, "frequency_caps", "Unrecognized key: \"emial\""],
    [{ quiet_hours: { from: "21:00", to: "21:00", action: "delay" } }, "quiet_hours.to", "must differ"],
    [{ quiet_hours: { from: "9:00", to: "08:00", action: "delay" } }, "quiet_hours.from", "HH:MM"],
    [{ quiet_hours: { from: "21:00", to: "08:00", action: "later" } }, "quiet_hours.action", ""],
    [{ quiet_hours: { from: "21:00", to: "08:00", action: "drop", channels: ["fax"] } }, "quiet_hours.channels.0", ""],
    [{ quiet_hours: { from: "21:00", to: "08:00", action: "drop" }, caps: {} }, "", "caps"],
  ])("rejects %j naming the field", (input, path, text) => {
    const found = problems(input);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]?.path).toBe(path);
    expect(found.map((p) => p.message).join(" ")).toContain(text);
  });
});

describe("parseCap", () => {
  it.each([
    ["3 per 1d", { text: "3 per 1d", limit: 3, window: { sign: 1, amount: 1, unit: "d" } }],
    [" 10  PER 7D ", { text: "10 per 7d", limit: 10, window: { sign: 1, amount: 7, unit: "d" } }],
    ["2 per 1mo", { text: "2 per 1mo", limit: 2, window: { sign: 1, amount: 1, unit: "mo" } }],
    ["1 per 90s", { text: "1 per 90s", limit: 1, window: { sign: 1, amount: 90, unit: "s" } }],
  ])("%j", (text, expected) => {
    expect(parseCap(text)).toEqual(expected);
  });

  it.each(["3/1d", "3 per", "per 1d", "3 per -1d", "3 per 0d", "0 per 1d", "3 per 1 day", "three per 1d"])("rejects %j", (text) => {
    expect(parseCap(text)).toBeNull();
  });
});
