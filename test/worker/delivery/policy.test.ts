/**
 * The workspace's delivery policy in the real User DO path: a frequency cap suppresses and logs
 * why; quiet hours hold an SMS until the user's morning (the outbox defers it on the one alarm)
 * and it goes out then; transactional sends are exempt.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testChannelSettings } from "./channel-settings.ts";
import { advance, event, HOUR, messages, newUser, publishJourney, put, resetUserObjectDeps, trace, userObject, world } from "./helpers.ts";
import { runDurableObjectAlarm } from "cloudflare:test";

const sendOn = (id: string, trigger: string, channel: string, template: string, transactional = false) => ({
  id, name: id, trigger: { type: "event", event: trigger }, entry: { reentry: "always" }, start: "send",
  nodes: { send: { type: "send", channel, template, transactional, next: "end" }, end: { type: "end" } },
});

beforeAll(async () => {
  await put("/settings/channels", (await testChannelSettings()).settings);
  await put("/settings/policy", {
    frequency_caps: { email: ["2 per 1d"] },
    quiet_hours: { from: "21:00", to: "08:00", action: "delay", channels: ["sms"] },
  });
  await put("/templates/promo-email", { channel: "email", subject: "Deal", html: "<p>Deal</p>" });
  await put("/templates/promo-sms", { channel: "sms", body: "Deal of the day" });
  await publishJourney(sendOn("promo", "Promo", "email", "promo-email"));
  await publishJourney(sendOn("receipt", "Receipt", "email", "promo-email", true));
  await publishJourney(sendOn("promo-sms", "Promo SMS", "sms", "promo-sms"));
  await put("/templates/code-email", { channel: "email", subject: "Your code", html: "<p>{{ data.code | required }}</p>" });
  await publishJourney(sendOn("code", "Code", "email", "code-email", true));
});
afterAll(() => resetUserObjectDeps());

describe("frequency caps", () => {
  it("the third promo in a day is suppressed and logged with the cap; a transactional send still goes", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("cap");
    await event("/identify", { userId: user, traits: { email: "ada@example.com" } });
    for (const _ of [1, 2, 3]) {
      await event("/track", { userId: user, event: "Promo" });
      w.clock.advance(HOUR);
    }
    await event("/track", { userId: user, event: "Receipt" });
    expect(w.providers.to("api.resend.test")).toHaveLength(3);
    expect((await messages(user)).map((m) => [m.journey, m.status, m.reason ?? null])).toEqual([
      ["promo", "sent", null],
      ["promo", "sent", null],
      ["promo", "suppressed", "frequency cap 2 per 1d reached (2 sent since 2026-10-04T11:00Z)"],
      ["receipt", "sent", null],
    ]);
  });
});

describe("templates", () => {
  it("a template that fails to render is logged as failed with the field, and nothing is sent", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("render");
    await event("/identify", { userId: user, traits: { email: "ada@example.com" } });
    await event("/track", { userId: user, event: "Code" });
    expect(w.providers.to("api.resend.test")).toHaveLength(0);
    const [logged] = await messages(user);
    expect(logged?.status).toBe("failed");
    expect(logged?.reason).toMatch(/^template html: a required value is missing/);
  });
});

describe("quiet hours", () => {
  it("an SMS at 22:30 in Paris waits for 08:00 local, then goes out", async () => {
    const w = world("2026-10-05T20:30:00Z");
    const user = newUser("quiet");
    await event("/identify", { userId: user, traits: { phone: "+33612345678", sms_opt_in: true, timezone: "Europe/Paris" } });
    await event("/track", { userId: user, event: "Promo SMS" });
    expect(w.providers.to("api.twilio.test")).toHaveLength(0);
    expect(await messages(user)).toEqual([]);
    const deferred = (await trace(user)).find((t) => t.kind === "delivery" && t.reason.includes("deferred"));
    expect(deferred?.reason).toBe("send sms promo-sms: deferred to 2026-10-06T06:00:00.000Z: quiet hours 21:00–08:00 Europe/Paris: delayed to 08:00");

    expect(await advance(w, user, 9 * HOUR - 30 * 60_000 - 1)).toBe(true); // 07:59:59.999 local: still held
    expect(w.providers.to("api.twilio.test")).toHaveLength(0);
    w.clock.set(Date.parse("2026-10-06T06:00:00Z"));
    await runDurableObjectAlarm(userObject(user));
    await userObject(user).flush();
    expect(w.providers.to("api.twilio.test")).toHaveLength(1);
    expect((await messages(user)).map((m) => [m.channel, m.status, m.at])).toEqual([["sms", "sent", "2026-10-06T06:00:00.000Z"]]);
  });
});
