/**
 * Engagement coming back: signed provider webhooks (a Resend bounce makes e-mail unreachable, a
 * forged one is refused), "Email Opened" resumes a journey waiting for it, the unsubscribe link in
 * an e-mail works (GET confirms, POST unsubscribes), Meta's handshake, and the browser's message
 * reports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { svixSignature } from "../../../worker/webhooks/svix.ts";
import { call, WRITE_KEY } from "../routes/api.ts";
import { testChannelSettings } from "./channel-settings.ts";
import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { event, messages, newUser, profile, publishJourney, put, resetUserObjectDeps, trace, userObject, world, type World } from "./helpers.ts";

const SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const VERIFY_TOKEN = "meta-verify-token-1";

beforeAll(async () => {
  await put("/settings/channels", (await testChannelSettings()).settings);
  await put("/settings/webhooks", { resend: { signingSecret: SIGNING_SECRET }, whatsapp: { appSecret: "meta-app-secret", verifyToken: VERIFY_TOKEN } });
  await put("/templates/welcome-email", { channel: "email", subject: "Welcome", html: '<p>Hi</p><p><a href="{{ message.unsubscribe_url }}">Unsubscribe</a></p>' });
  await put("/templates/thanks-email", { channel: "email", subject: "Thanks for reading", html: "<p>Thanks</p>" });
  await put("/templates/nudge-push", { channel: "web_push", title: "Psst", body: "Come back" });
  await publishJourney({
    id: "digest", name: "Digest", trigger: { type: "event", event: "Digest Ready" }, entry: { reentry: "always" }, start: "best",
    nodes: { best: { type: "wait_for_time_slot", mode: "best_time", next: "email" }, email: { type: "send", channel: "email", template: "thanks-email", next: "end" }, end: { type: "end" } },
  });
  await publishJourney({
    id: "welcome", name: "Welcome", trigger: { type: "event", event: "Signed Up" }, entry: { reentry: "always" }, start: "email_ok",
    nodes: {
      email_ok: { type: "is_reachable", channel: "email", yes: "email", no: "end" },
      email: { type: "send", channel: "email", template: "welcome-email", next: "wait_open" },
      wait_open: {
        type: "wait_for_event", event: "Email Opened", where: { property: "journey", op: "eq", value: "welcome" },
        timeout: "1d", next: "thanks", timeout_next: "end",
      },
      thanks: { type: "send", channel: "email", template: "thanks-email", next: "end" },
      end: { type: "end" },
    },
  });
});
afterAll(() => resetUserObjectDeps());

/** A user who got the welcome e-mail; returns Resend's id for it and the e-mail's html. */
async function welcomed(w: World, prefix: string): Promise<{ user: string; emailId: string; html: string }> {
  const user = newUser(prefix);
  await event("/identify", { userId: user, traits: { email: `${user}@example.com` } });
  await event("/track", { userId: user, event: "Signed Up" });
  const sent = (await messages(user)).filter((m) => m.status === "sent");
  expect(sent.map((m) => m.template)).toEqual(["welcome-email"]);
  const request = w.providers.to("api.resend.test").at(-1);
  const html = String(JSON.parse(request?.text ?? "{}")["html"]);
  const answer = request?.answer;
  const emailId = typeof answer === "object" && answer !== null ? String(Reflect.get(answer, "id")) : "";
  return { user, emailId, html };
}

/** POSTs a Resend (Svix-signed) webhook. */
async function resendWebhook(type: string, data: Record<string, unknown>, secret = SIGNING_SECRET, id = `msg_${crypto.randomUUID()}`, createdAt = new Date().toISOString()) {
  const body = JSON.stringify({ type, created_at: createdAt, data });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = { "content-type": "application/json", "svix-id": id, "svix-timestamp": timestamp, "svix-signature": await svixSignature(secret, id, timestamp, body) };
  return call<Record<string, unknown>>("POST", "/v1/webhooks/resend?workspace=demo", { body, headers });
}

describe("POST /v1/webhooks/resend", () => {
  it("a signed hard bounce makes e-mail unreachable: the next send is not attempted", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const { user, emailId } = await welcomed(w, "bounce");
    const res = await resendWebhook("email.bounced", { email_id: emailId, to: [`${user}@example.com`], bounce: { type: "Permanent", message: "550 5.1.1 mailbox unavailable" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, applied: 1, unmatched: 0 });
    await userDrain(user);
    expect((await profile(user))?.traits["email_bounced"]).toBe(true);
    expect((await trace(user)).find((t) => t.kind === "engagement")?.reason).toBe(
      "email bounced (resend) for welcome/email; email unreachable: email bounced permanently: 550 5.1.1 mailbox unavailable (resend)",
    );
    const before = w.providers.to("api.resend.test").length;
    await event("/track", { userId: user, event: "Signed Up" });
    expect(w.providers.to("api.resend.test")).toHaveLength(before);
  });

  it("a forged or unsigned callback is refused with 401 and changes nothing", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const { user, emailId } = await welcomed(w, "forged");
    const forged = await resendWebhook("email.bounced", { email_id: emailId, bounce: { type: "Permanent" } }, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: "invalid_signature" } });
    const unsigned = await call("POST", "/v1/webhooks/resend", { body: { type: "email.bounced", data: { email_id: emailId } } });
    expect(unsigned.status).toBe(401);
    expect((await profile(user))?.traits["email_bounced"]).toBeUndefined();
  });

  it("Email Opened reaches the journey waiting for it, and a retried callback counts once", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const { user, emailId } = await welcomed(w, "opened");
    const opened = await resendWebhook("email.opened", { email_id: emailId, to: [`${user}@example.com`] }, SIGNING_SECRET, "msg_open_1");
    expect(opened.body).toMatchObject({ applied: 1, duplicates: 0 });
    await userDrain(user);
    const retried = await resendWebhook("email.opened", { email_id: emailId, to: [`${user}@example.com`] }, SIGNING_SECRET, "msg_open_1");
    expect(retried.body).toMatchObject({ applied: 0, duplicates: 1 });
    await userDrain(user);
    expect((await messages(user)).map((m) => m.template)).toEqual(["welcome-email", "thanks-email"]);
    expect(w.providers.to("api.resend.test").map((r) => JSON.parse(r.text)["subject"])).toEqual(["Welcome", "Thanks for reading"]);
  });
});

/** Waits for the work the object started after a signal (journeys resumed, sends). */
describe("best time", () => {
  it("opens at 19:xx Paris teach the user's best hour: a best_time wait then targets 19:00 local", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const { user, emailId } = await welcomed(w, "besttime");
    await event("/identify", { userId: user, traits: { timezone: "Europe/Paris" } });
    for (const day of [1, 2, 3, 4, 5]) {
      const opened = await resendWebhook("email.opened", { email_id: emailId }, SIGNING_SECRET, undefined, `2026-10-0${day}T17:${10 + day}:00Z`);
      expect(opened.body).toMatchObject({ applied: 1 });
    }
    await userDrain(user);
    await event("/track", { userId: user, event: "Digest Ready" });
    const run = (await profile(user))?.runs.find((r) => r.journeyId === "digest");
    expect(run?.waiting).toEqual({ node: "best", type: "timer", until: "2026-10-05T17:00:00.000Z" });
  });
});

async function userDrain(user: string): Promise<void> {
  await userObject(user).flush();
}

describe("unsubscribe links", () => {
  it("GET shows a confirmation and changes nothing; POST unsubscribes; an edited link is refused", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const { user, html } = await welcomed(w, "unsub");
    const link = /href="(http:\/\/nudge\.test\/v1\/unsubscribe\?token=[^"]+)"/.exec(html)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link ?? "");
    const page = await exports.default.fetch(url.href);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Unsubscribe</button>');
    expect((await profile(user))?.traits["email_unsubscribed"]).toBeUndefined();

    const done = await exports.default.fetch(url.href, { method: "POST", body: "List-Unsubscribe=One-Click", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You are unsubscribed");
    await userDrain(user);
    expect((await profile(user))?.traits["email_unsubscribed"]).toBe(true);

    const token = url.searchParams.get("token") ?? "";
    const edited = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    const refused = await exports.default.fetch(`http://nudge.test/v1/unsubscribe?token=${encodeURIComponent(edited)}`, { method: "POST" });
    expect(refused.status).toBe(400);
  });
});

describe("GET /v1/webhooks/whatsapp (Meta's subscription handshake)", () => {
  it("echoes the challenge for the right verify token, 403 otherwise", async () => {
    const ok = await exports.default.fetch(`http://nudge.test/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, "1158201444"]);
    const bad = await exports.default.fetch("http://nudge.test/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1");
    expect(bad.status).toBe(403);
  });
});

describe("POST /v1/messages/{id}/events", () => {
  it("a browser's click on a message is applied to the user's object; an unknown message is 404", async () => {
    world("2026-10-05T09:00:00Z");
    const user = newUser("click");
    await event("/identify", { userId: user, traits: { email: `${user}@example.com` } });
    await event("/track", { userId: user, event: "Signed Up" });
    const id = await deliveryKeyOf(user);
    const res = await call<{ applied: number }>("POST", `/v1/messages/${encodeURIComponent(id)}/events`, { body: { writeKey: WRITE_KEY, type: "clicked", channel: "web_push", at: new Date().toISOString() } });
    expect(res.status).toBe(202);
    expect(res.body.applied).toBe(1);
    const unknown = await call("POST", `/v1/messages/${"0".repeat(64)}.x.nothing/events`, { body: { writeKey: WRITE_KEY, type: "clicked", channel: "web_push" } });
    expect(unknown.status).toBe(404);
    const bad = await call<{ error: { path: string } }>("POST", `/v1/messages/${encodeURIComponent(id)}/events`, { body: { writeKey: WRITE_KEY, type: "opened", channel: "web_push" } });
    expect([bad.status, bad.body.error.path]).toEqual([400, "type"]);
  });
});

/** The delivery key of the user's first e-mail, as the provider got it. */
async function deliveryKeyOf(user: string): Promise<string> {
  const [row] = await runInDurableObject(userObject(user), (_o, state) => state.storage.sql.exec<{ key: string }>("SELECT key FROM messages ORDER BY seq LIMIT 1").toArray());
  const objectId = userObject(user).id.toString();
  const first = await runInDurableObject(userObject(user), (_o, state) => state.storage.sql.exec<{ first_seen: number }>("SELECT first_seen FROM profile").toArray());
  return `${objectId}.${(first[0]?.first_seen ?? 0).toString(36)}.${row?.key ?? ""}`;
}
