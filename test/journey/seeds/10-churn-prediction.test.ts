import { describe, expect, it } from "vitest";
import type { Channel } from "../../../worker/journey/schema/channels.ts";
import { ends, journey, run, sends } from "./seed-kit.ts";

const churn = journey("10-churn-prediction.json");
const login = (at: string) => ({ at, event: "Logged In" });
// Three logins; on 2024-03-16 09:00 the first leaves the 15-day window: fewer than 3 → about to churn.
const logins = [login("2024-03-01T09:00:00Z"), login("2024-03-05T09:00:00Z"), login("2024-03-10T09:00:00Z")];
const subscriber = { subscription_status: "active" };
const entered = "2024-03-16T09:00:00.000Z";
const dayAfter = "2024-03-17T09:00:00.000Z";
const only = (channel: Channel): Partial<Record<Channel, boolean>> => ({
  email: false, web_push: false, mobile_push: false, sms: false, whatsapp: false, [channel]: true,
});

describe("10 churn prediction", () => {
  it("enters 'about to churn' when logins age out of the 15-day window; email offer, then feedback request", () => {
    const result = run(churn, { traits: { ...subscriber, email: "sam@example.com" } }, logins, "2024-03-20T00:00:00Z");
    expect(result.runs[0]).toMatchObject({ trigger: "Segment Entered", enteredAt: entered });
    expect(sends(result)).toEqual([`email churn-offer-email @ ${entered}`, `email churn-feedback-email @ ${dayAfter}`]);
  });

  it("a login within 24 h gets a welcome-back email instead", () => {
    const timeline = [...logins, login("2024-03-16T20:00:00Z")];
    const result = run(churn, { traits: { ...subscriber, email: "sam@example.com" } }, timeline, "2024-03-20T00:00:00Z");
    expect(sends(result)).toEqual([`email churn-offer-email @ ${entered}`, "email churn-welcome-back-email @ 2024-03-16T20:00:00.000Z"]);
    expect(result.runs[0]?.goalAt).toBe("2024-03-16T20:00:00.000Z");
  });

  it.each([
    ["web_push", "web-push"],
    ["mobile_push", "mobile-push"],
    ["sms", "sms"],
    ["whatsapp", "whatsapp"],
  ] as const)("not reachable by email: the same pattern on %s, the first channel that reaches the user", (channel, slug) => {
    const result = run(churn, { traits: subscriber, reachable: only(channel) }, logins, "2024-03-20T00:00:00Z");
    expect(sends(result)).toEqual([`${channel} churn-offer-${slug} @ ${entered}`, `${channel} churn-feedback-${slug} @ ${dayAfter}`]);
  });

  it("the order of preference is email, web push, app push, SMS, WhatsApp", () => {
    const reachable = { email: false, web_push: false, mobile_push: true, sms: true, whatsapp: true };
    const result = run(churn, { traits: subscriber, reachable }, logins, "2024-03-16T10:00:00Z");
    expect(sends(result)).toEqual([`mobile_push churn-offer-mobile-push @ ${entered}`]);
  });

  it("reachable nowhere: the run ends at once without a message", () => {
    const result = run(churn, { traits: subscriber }, logins, "2024-03-20T00:00:00Z");
    expect(sends(result)).toEqual([]);
    expect(ends(result)).toEqual([`sim-1 completed @ ${entered}`]);
  });

  it("someone without an active subscription is never 'about to churn'", () => {
    const result = run(churn, { traits: { subscription_status: "cancelled", email: "sam@example.com" } }, logins, "2024-03-20T00:00:00Z");
    expect(result.runs).toEqual([]);
  });
});
