import { describe, expect, it } from "vitest";
import { reachability, recipientFor, recipientsFor, type ContactProfile } from "../../../worker/channels/contact.ts";

const now = Date.UTC(2026, 0, 15);
const DAY = 86_400_000;
const sub = { endpoint: "https://push.example/1", keys: { p256dh: "BP", auth: "au" } };
const base = (traits: Record<string, unknown>, extra: Partial<ContactProfile> = {}): ContactProfile => ({ userId: "u1", traits, ...extra });

describe("reachability", () => {
  it.each([
    ["email present", "email", base({ email: "ada@example.com" }), true],
    ["email missing", "email", base({}), false],
    ["email bounced (trait)", "email", base({ email: "ada@example.com", email_bounced: true }), false],
    ["email unsubscribed (trait)", "email", base({ email: "ada@example.com", email_unsubscribed: "true" }), false],
    ["email complained (stored)", "email", base({ email: "ada@example.com" }, { unreachable: { email: "complained" } }), false],
    ["phone with sms opt-in", "sms", base({ phone: "+14155550100", sms_opt_in: true }), true],
    ["phone without sms opt-in", "sms", base({ phone: "+14155550100" }), false],
    ["whatsapp opt-in", "whatsapp", base({ phone: "+14155550100", whatsapp_opt_in: true }), true],
    ["whatsapp without opt-in", "whatsapp", base({ phone: "+14155550100", sms_opt_in: true }), false],
    ["a live web push subscription", "web_push", base({}, { webPush: [sub] }), true],
    ["an empty subscription list beats a stale trait", "web_push", base({ web_push_subscribed: true }, { webPush: [] }), false],
    ["a push subscription marked dead", "web_push", base({}, { webPush: [sub], unreachable: { web_push: "410 gone" } }), false],
    ["an FCM token", "mobile_push", base({}, { mobileTokens: ["tok"] }), true],
    ["an fcm_token trait", "mobile_push", base({ fcm_token: "tok" }), true],
    ["no FCM token", "mobile_push", base({}), false],
    ["an SDK session 3 days ago", "in_app", base({}, { sdkSeenAt: now - 3 * DAY }), true],
    ["an SDK session 40 days ago", "web_overlay", base({}, { sdkSeenAt: now - 40 * DAY }), false],
    ["a last_seen trait yesterday", "web_overlay", base({ last_seen: new Date(now - DAY).toISOString() }), true],
  ] as const)("%s → %s", (_, channel, contact, reachable) => {
    expect(reachability(channel, contact, now).reachable).toBe(reachable);
  });

  it("says why, naming the actual cause", () => {
    expect(reachability("email", base({ email: "a@b.co" }, { unreachable: { email: "postmark 422: inactive recipient" } }), now))
      .toEqual({ addressed: true, reachable: false, reason: "email: address reported dead (postmark 422: inactive recipient)" });
    expect(reachability("sms", base({}), now).reason).toBe("sms: no phone number");
    expect(reachability("sms", base({ phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true }), now).reason).toBe("sms: opted out with STOP (sms_unsubscribed)");
    expect(reachability("web_push", base({}, { webPush: [sub, sub] }), now).reason).toBe("web_push: 2 subscription(s)");
    expect(reachability("in_app", base({}, { sdkSeenAt: now - 40 * DAY }), now).reason).toBe("in_app: not seen in the last 30 days (no SDK session or last_seen)");
  });

  it("tells an address (what a transactional send needs) from consent", () => {
    // Gone subscriptions leave no address: the missing address is the cause, not the dead mark.
    expect(reachability("web_push", base({}, { webPush: [], unreachable: { web_push: "web_push 410" } }), now))
      .toEqual({ addressed: false, reachable: false, reason: "web_push: no web push subscription" });
    expect(reachability("mobile_push", base({ fcm_token: "tok" }, { mobileTokens: [] }), now)).toMatchObject({ addressed: false, reason: "mobile_push: no FCM token" });
    expect(reachability("email", base({ email: "a@b.co", email_unsubscribed: true }), now)).toMatchObject({ addressed: true, reachable: false });
    expect(reachability("in_app", base({}), now)).toMatchObject({ addressed: true, reachable: false });
  });
});

describe("recipientsFor", () => {
  const contact = base({ email: " ada@example.com ", first_name: "Ada", last_name: "Lovelace", phone: "+14155550100", whatsapp_phone: "+447911123456", work_email: "ada@work.test" }, { webPush: [sub, { ...sub, endpoint: "https://push.example/2" }], mobileTokens: ["t1"] });

  it.each([
    ["email", undefined, [{ channel: "email", email: "ada@example.com", name: "Ada Lovelace" }]],
    ["email", "work_email", [{ channel: "email", email: "ada@work.test", name: "Ada Lovelace" }]],
    ["sms", undefined, [{ channel: "sms", phone: "+14155550100" }]],
    ["whatsapp", undefined, [{ channel: "whatsapp", phone: "+447911123456" }]],
    ["mobile_push", undefined, [{ channel: "mobile_push", token: "t1" }]],
    ["in_app", undefined, [{ channel: "in_app", userId: "u1" }]],
  ] as const)("%s (to: %s)", (channel, to, expected) => {
    expect(recipientsFor(channel, contact, to)).toEqual(expected);
  });

  it("gives every web push subscription", () => {
    expect(recipientsFor("web_push", contact).map((r) => (r.channel === "web_push" ? r.subscription.endpoint : ""))).toEqual(["https://push.example/1", "https://push.example/2"]);
  });

  it("falls back to phone for WhatsApp and to a subscription trait for web push", () => {
    const c = base({ phone: "+14155550100", web_push_subscription: sub });
    expect(recipientFor("whatsapp", c)).toEqual({ channel: "whatsapp", phone: "+14155550100" });
    expect(recipientFor("web_push", c)).toEqual({ channel: "web_push", subscription: sub, user: { userId: "u1" } });
  });

  it("gives nothing when the address is missing", () => {
    expect(recipientsFor("email", base({}))).toEqual([]);
    expect(recipientFor("sms", base({ phone: "  " }))).toBeNull();
  });
});
