/**
 * The reachability gate in the real User DO path (worker/user/delivery/unreachable-send.ts, over
 * the journey core's send gate): a marketing send on a channel that cannot reach the user —
 * unsubscribed through the e-mail's one-click link, no SMS opt-in, STOP — is suppressed and logged
 * with the actual cause, and the provider is not called, even in a journey without an
 * is_reachable node; a transactional send and a send to another address (`to`) still go, but
 * nothing goes without an address. POST /v1/admin/simulate shows the same outcome and reason.
 */
import { exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admin } from "../routes/api.ts";
import { testChannelSettings } from "./channel-settings.ts";
import { event, HOUR, messages, newUser, publishJourney, put, resetUserObjectDeps, world } from "./helpers.ts";

const sendOn = (id: string, trigger: string, channel: string, template: string, extra: Record<string, unknown> = {}) => ({
  id, name: id, trigger: { type: "event", event: trigger }, entry: { reentry: "always" }, start: "send",
  nodes: { send: { type: "send", channel, template, next: "end", ...extra }, end: { type: "end" } },
});

beforeAll(async () => {
  await put("/settings/channels", (await testChannelSettings()).settings);
  await put("/templates/gate-email", { channel: "email", subject: "News", html: "<p>News</p>" });
  await put("/templates/gate-sms", { channel: "sms", body: "News" });
  await publishJourney(sendOn("gate-news", "News", "email", "gate-email"));
  await publishJourney(sendOn("gate-receipt", "Receipt", "email", "gate-email", { transactional: true }));
  await publishJourney(sendOn("gate-sms", "Text News", "sms", "gate-sms"));
  await publishJourney(sendOn("gate-parent", "Report", "sms", "gate-sms", { to: "parent_phone" }));
  await publishJourney(sendOn("gate-sms-receipt", "Payment Due", "sms", "gate-sms", { transactional: true }));
});
afterAll(() => resetUserObjectDeps());

const log = async (user: string) => (await messages(user)).map((m) => [m.journey, m.status, m.reason ?? null]);

describe("sends to a channel that cannot reach the user", () => {
  it("after a one-click unsubscribe the next marketing e-mail is suppressed, not sent; a receipt still goes", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("gate-unsub");
    await event("/identify", { userId: user, traits: { email: "ada@example.com" } });
    await event("/track", { userId: user, event: "News" });
    const [first] = w.providers.to("api.resend.test");
    const link = String(JSON.parse(first?.text ?? "{}")["headers"]["List-Unsubscribe"]).slice(1, -1);
    const res = await exports.default.fetch(link, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    w.clock.advance(HOUR);
    await event("/track", { userId: user, event: "News" });
    await event("/track", { userId: user, event: "Receipt" });
    expect(await log(user)).toEqual([
      ["gate-news", "sent", null],
      ["gate-news", "suppressed", "unreachable: email: unsubscribed (email_unsubscribed)"],
      ["gate-receipt", "sent", null],
    ]);
    expect(w.providers.to("api.resend.test")).toHaveLength(2);
  });

  it("a marketing SMS needs the opt-in: without it, or after STOP, it is suppressed; an SMS to another number (`to`) still goes", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("gate-sms");
    await event("/identify", { userId: user, traits: { phone: "+14155550100", parent_phone: "+14155550199" } });
    await event("/track", { userId: user, event: "Text News" });
    await event("/identify", { userId: user, traits: { sms_opt_in: true } });
    await event("/track", { userId: user, event: "Text News" });
    await event("/identify", { userId: user, traits: { sms_unsubscribed: true } });
    await event("/track", { userId: user, event: "Text News" });
    await event("/track", { userId: user, event: "Report" });
    expect(await log(user)).toEqual([
      ["gate-sms", "suppressed", "unreachable: sms: no SMS opt-in (sms_opt_in)"],
      ["gate-sms", "sent", null],
      ["gate-sms", "suppressed", "unreachable: sms: opted out with STOP (sms_unsubscribed)"],
      ["gate-parent", "sent", null],
    ]);
    expect(w.providers.to("api.twilio.test").map((r) => new URLSearchParams(r.text).get("To"))).toEqual(["+14155550100", "+14155550199"]);
  });
});

describe("live and POST /v1/admin/simulate agree on every send", () => {
  const at = "2026-10-05T09:00:00Z";
  const simulated = async (journey: string, trigger: string, traits: Record<string, unknown>) => {
    const res = await admin<{ messages: Array<{ status: string; reason?: string }> }>("POST", "/simulate", {
      journey, profile: { userId: "sim-gate", traits }, timeline: [{ at, event: trigger }], until: at,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.messages.map((m) => [m.status, m.reason ?? null]);
  };

  it.each<[string, string, string, Record<string, unknown>, [string, string | null]]>([
    ["a transactional e-mail to an unsubscribed user is sent", "gate-receipt", "Receipt", { email: "ada@example.com", email_unsubscribed: true }, ["sent", null]],
    ["a marketing e-mail to an unsubscribed user is suppressed", "gate-news", "News", { email: "ada@example.com", email_unsubscribed: true }, ["suppressed", "unreachable: email: unsubscribed (email_unsubscribed)"]],
    ["a transactional e-mail to a user without an address is suppressed", "gate-receipt", "Receipt", { name: "Ada" }, ["suppressed", "unreachable: email: no email address"]],
    ["a marketing SMS after STOP is suppressed, naming STOP", "gate-sms", "Text News", { phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true }, ["suppressed", "unreachable: sms: opted out with STOP (sms_unsubscribed)"]],
    ["a transactional SMS after STOP is sent", "gate-sms-receipt", "Payment Due", { phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true }, ["sent", null]],
    ["a transactional SMS without a phone is suppressed", "gate-sms-receipt", "Payment Due", { email: "ada@example.com" }, ["suppressed", "unreachable: sms: no phone number"]],
    ["an SMS to a parent's number that is not set is suppressed", "gate-parent", "Report", { phone: "+14155550100", sms_opt_in: true }, ["suppressed", "unreachable: sms: no phone number in parent_phone"]],
  ])("%s", async (_name, journey, trigger, traits, expected) => {
    const w = world(at);
    const user = newUser("gate-same");
    await event("/identify", { userId: user, traits });
    await event("/track", { userId: user, event: trigger });
    const live = (await messages(user)).map((m) => [m.status, m.reason ?? null]);
    expect(live).toEqual([expected]);
    expect(await simulated(journey, trigger, traits)).toEqual(live);
    // Suppressed means no provider was asked.
    expect(w.providers.requests.length).toBe(expected[0] === "sent" ? 1 : 0);
  });
});
