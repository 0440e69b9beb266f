import { describe, expect, it } from "vitest";
import { reachableFromTraits, reachFromTraits } from "../../../worker/journey/reachability.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";

const now = Date.parse("2024-06-30T12:00:00Z");

const cases: Array<[string, Record<string, unknown>, Channel, boolean]> = [
  ["email address → email", { email: "ada@example.com" }, "email", true],
  ["no email", {}, "email", false],
  ["not an address", { email: "ada" }, "email", false],
  ["bounced email", { email: "ada@example.com", email_bounced: true }, "email", false],
  ["unsubscribed from email", { email: "ada@example.com", email_unsubscribed: "true" }, "email", false],
  ["unsubscribed from everything", { email: "ada@example.com", unsubscribed: true }, "email", false],
  ["phone without opt-in → no SMS", { phone: "+14155550100" }, "sms", false],
  ["phone with SMS opt-in", { phone: "+14155550100", sms_opt_in: true }, "sms", true],
  ["SMS opt-in then STOP", { phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true }, "sms", false],
  ["SMS opt-in is not WhatsApp opt-in", { phone: "+14155550100", sms_opt_in: true }, "whatsapp", false],
  ["WhatsApp opt-in", { phone: "+14155550100", whatsapp_opt_in: true }, "whatsapp", true],
  ["web push subscription", { web_push_subscribed: true }, "web_push", true],
  ["push_subscribed also counts", { push_subscribed: true }, "web_push", true],
  ["no web push", { fcm_token: "abc" }, "web_push", false],
  ["FCM token → app push", { fcm_token: "fcm-123" }, "mobile_push", true],
  ["empty FCM token", { fcm_token: "" }, "mobile_push", false],
  ["seen 3 days ago → in-app", { last_seen: "2024-06-27T12:00:00Z" }, "in_app", true],
  ["seen 31 days ago → no overlay", { last_seen: "2024-05-30T11:00:00Z" }, "web_overlay", false],
  ["seen (epoch ms) yesterday → overlay", { last_seen_at: now - 86_400_000 }, "web_overlay", true],
  ["never seen → no in-app", {}, "in_app", false],
];

describe("reachableFromTraits", () => {
  it.each(cases)("%s", (_name, traits, channel, expected) => {
    expect(reachableFromTraits(traits, channel, now)).toBe(expected);
  });

  it("without now, any last_seen counts for in-app", () => {
    expect(reachableFromTraits({ last_seen: "2020-01-01" }, "in_app")).toBe(true);
  });
});

describe("reachFromTraits: the address a transactional send needs, and the actual cause", () => {
  const phone = "+14155550100";
  const cases: Array<[string, Record<string, unknown>, Channel, { addressed: boolean; reachable: boolean; reason: string }]> = [
    ["no email at all", {}, "email", { addressed: false, reachable: false, reason: "email: no email address" }],
    ["an email trait that is not an address", { email: "ada" }, "email", { addressed: false, reachable: false, reason: "email: the email trait is not a valid address" }],
    ["bounced", { email: "ada@example.com", email_bounced: true }, "email", { addressed: true, reachable: false, reason: "email: bounced (email_bounced)" }],
    ["unsubscribed from e-mail", { email: "ada@example.com", email_unsubscribed: "true" }, "email", { addressed: true, reachable: false, reason: "email: unsubscribed (email_unsubscribed)" }],
    ["unsubscribed from everything", { email: "ada@example.com", unsubscribed: true }, "email", { addressed: true, reachable: false, reason: "email: unsubscribed from everything (unsubscribed)" }],
    ["no phone", { sms_opt_in: true }, "sms", { addressed: false, reachable: false, reason: "sms: no phone number" }],
    ["a phone without SMS opt-in", { phone }, "sms", { addressed: true, reachable: false, reason: "sms: no SMS opt-in (sms_opt_in)" }],
    ["STOP after opting in", { phone, sms_opt_in: true, sms_unsubscribed: true }, "sms", { addressed: true, reachable: false, reason: "sms: opted out with STOP (sms_unsubscribed)" }],
    ["STOP without an opt-in names STOP", { phone, sms_unsubscribed: true }, "sms", { addressed: true, reachable: false, reason: "sms: opted out with STOP (sms_unsubscribed)" }],
    ["no WhatsApp number", {}, "whatsapp", { addressed: false, reachable: false, reason: "whatsapp: no phone number (whatsapp_phone or phone)" }],
    ["a phone without WhatsApp opt-in", { phone, sms_opt_in: true }, "whatsapp", { addressed: true, reachable: false, reason: "whatsapp: no WhatsApp opt-in (whatsapp_opt_in)" }],
    ["no web push", {}, "web_push", { addressed: false, reachable: false, reason: "web_push: no web push subscription" }],
    ["no FCM token", {}, "mobile_push", { addressed: false, reachable: false, reason: "mobile_push: no FCM token" }],
    ["never seen: the inbox is still there", {}, "in_app", { addressed: true, reachable: false, reason: "in_app: not seen in the last 30 days (no SDK session or last_seen)" }],
    ["seen 31 days ago", { last_seen: "2024-05-30T11:00:00Z" }, "web_overlay", { addressed: true, reachable: false, reason: "web_overlay: not seen in the last 30 days (no SDK session or last_seen)" }],
  ];

  it.each(cases)("%s", (_name, traits, channel, expected) => {
    expect(reachFromTraits(traits, channel, now)).toEqual(expected);
  });

  it("a reachable channel is addressed too", () => {
    expect(reachFromTraits({ phone, sms_opt_in: true }, "sms", now)).toMatchObject({ addressed: true, reachable: true });
    expect(reachFromTraits({ email: "ada@example.com" }, "email", now)).toMatchObject({ addressed: true, reachable: true });
  });
});
