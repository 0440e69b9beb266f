/**
 * The seed journeys send through the real channel adapters from the real User Durable Object
 * path (event API → object → journey → outbox → policy → adapter), to local stand-ins that get
 * each provider's documented request format: Resend, Twilio, Meta WhatsApp, Web Push (decrypted
 * here with the subscriber's private key, VAPID JWT verified) and FCM HTTP v1 (OAuth JWT verified).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import cart from "../../../examples/journeys/02-cart-abandonment.json";
import churn from "../../../examples/journeys/10-churn-prediction.json";
import { fromBase64url } from "../../../worker/channels/bytes.ts";
import { decryptWebPush, jwtClaims, subscriber, verifyEs256, verifyRs256 } from "../channels/web-crypto-helpers.ts";
import { call, WRITE_KEY } from "../routes/api.ts";
import { META_TOKEN, PHONE_NUMBER_ID, RESEND_KEY, testChannelSettings, TWILIO_SID, TWILIO_TOKEN, type TestKeys } from "./channel-settings.ts";
import { advance, event, HOUR, messages, newUser, publishSeedCatalog, put, resetUserObjectDeps, world, type ProviderRequest } from "./helpers.ts";

let keys: TestKeys;

beforeAll(async () => {
  const { settings, keys: k } = await testChannelSettings();
  keys = k;
  await put("/settings/channels", settings);
  await publishSeedCatalog([churn, cart]);
});
afterAll(() => resetUserObjectDeps());

const DELIVERY_KEY = /^[0-9a-f]{64}\.[0-9a-z]+\..+$/;

/** Subscribes a browser for `userId` through the public API; returns its keys. */
async function subscribe(userId: string) {
  const browser = await subscriber();
  const endpoint = `https://push.test/sub/${userId}`;
  const res = await call("POST", "/v1/push/subscriptions", { body: { writeKey: WRITE_KEY, userId, subscription: { endpoint, expirationTime: null, keys: { p256dh: browser.p256dh, auth: browser.auth } } } });
  expect(res.status).toBe(201);
  return { ...browser, endpoint };
}

function json(r: ProviderRequest | undefined): Record<string, unknown> {
  expect(r).toBeDefined();
  return JSON.parse(r?.text ?? "null");
}

describe("churn prediction (seed 10): the first channel that reaches the user", () => {
  it("email → Resend: POST /emails, Bearer key, Idempotency-Key, rendered subject and html", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-email");
    await event("/identify", { userId: user, traits: { email: "ada@example.com", first_name: "Ada", subscription_status: "active" } });
    const [req] = w.providers.to("api.resend.test");
    expect(req?.method).toBe("POST");
    expect(req?.url.pathname).toBe("/emails");
    expect(req?.headers.get("authorization")).toBe(`Bearer ${RESEND_KEY}`);
    expect(req?.headers.get("content-type")).toBe("application/json");
    expect(req?.headers.get("idempotency-key")).toMatch(DELIVERY_KEY);
    const body = json(req);
    // The subject's month is Liquid's "now" (wall-clock time, not the test's clock).
    expect(body).toMatchObject({ from: "Shop <hello@shop.test>", to: ["Ada <ada@example.com>"], subject: expect.stringMatching(/^What's new in [A-Z][a-z]+ — and 20% off for you$/) });
    expect(body["html"]).toContain("<p>Hi Ada,</p>");
    expect((await messages(user)).map((m) => [m.node, m.channel, m.status, m.provider])).toEqual([["email_offer", "email", "sent", "resend"]]);
  });

  it("web push → the subscription's endpoint: aes128gcm payload the browser decrypts, VAPID JWT for its origin", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-push");
    const browser = await subscribe(user);
    await event("/identify", { userId: user, traits: { first_name: "Ada", subscription_status: "active" } });
    const [req] = w.providers.to("push.test");
    expect(req?.url.href).toBe(browser.endpoint);
    expect(req?.headers.get("content-encoding")).toBe("aes128gcm");
    expect(req?.headers.get("ttl")).toBe("2419200");
    const auth = /^vapid t=([^,]+), k=(.+)$/.exec(req?.headers.get("authorization") ?? "");
    expect(auth?.[2]).toBe(keys.vapid.publicKey);
    expect(await verifyEs256(auth?.[1] ?? "", keys.vapid.publicKey)).toBe(true);
    expect(jwtClaims(auth?.[1] ?? "")).toMatchObject({ aud: "https://push.test", sub: "mailto:ops@shop.test" });
    const payload = JSON.parse(await decryptWebPush(req?.body ?? new Uint8Array(), browser.privateKey, fromBase64url(browser.p256dh), browser.authSecret));
    expect(payload).toEqual({
      type: "push", id: expect.stringMatching(DELIVERY_KEY), title: "What's new — and 20% off for you",
      body: "See the latest update notes and renew with code STAY20.", url: "https://app.example.com/changelog", user: { userId: user },
    });
    expect((await messages(user)).map((m) => [m.node, m.status])).toEqual([["web_push_offer", "sent"]]);
  });

  it("mobile push → FCM HTTP v1: a signed service-account JWT exchanged for a token, then messages:send", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-fcm");
    await event("/identify", { userId: user, traits: { fcm_token: "fcm-token-abc", subscription_status: "active" } });
    const [token] = w.providers.to("oauth.test");
    const form = new URLSearchParams(token?.text);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = form.get("assertion") ?? "";
    expect(await verifyRs256(assertion, keys.fcm.publicKey)).toBe(true);
    expect(jwtClaims(assertion)).toMatchObject({ iss: "nudge@nudge-test.iam.gserviceaccount.com", scope: "https://www.googleapis.com/auth/firebase.messaging", aud: "https://oauth.test/token" });
    const [send] = w.providers.to("fcm.test");
    expect(send?.url.pathname).toBe("/v1/projects/nudge-test/messages:send");
    expect(send?.headers.get("authorization")).toBe("Bearer ya29.test-token");
    expect(json(send)).toEqual({
      message: {
        token: "fcm-token-abc",
        notification: { title: "What's new — and 20% off for you", body: "See the latest update notes and renew with code STAY20." },
        data: { url: "https://app.example.com/changelog", nudge_key: expect.stringMatching(DELIVERY_KEY) },
      },
    });
    expect((await messages(user)).map((m) => [m.node, m.status, m.provider])).toEqual([["mobile_push_offer", "sent", "fcm"]]);
  });

  it("SMS → Twilio: form-encoded To / From / Body with HTTP Basic (Account SID : Auth Token)", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-sms");
    await event("/identify", { userId: user, traits: { first_name: "Ada", phone: "+14155550100", sms_opt_in: true, subscription_status: "active" } });
    const [req] = w.providers.to("api.twilio.test");
    expect(req?.url.pathname).toBe(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`);
    expect(req?.headers.get("authorization")).toBe(`Basic ${btoa(`${TWILIO_SID}:${TWILIO_TOKEN}`)}`);
    expect(req?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(req?.text);
    expect([form.get("To"), form.get("From")]).toEqual(["+14155550100", "+15550001111"]);
    expect(form.get("Body")).toBe("Ada, see what's new: https://app.example.com/changelog — renew with 20% off, code STAY20.");
    expect((await messages(user)).map((m) => [m.node, m.status, m.provider])).toEqual([["sms_offer", "sent", "twilio"]]);
  });

  it("WhatsApp → Meta Cloud API: an approved template with its body parameters", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-wa");
    await event("/identify", { userId: user, traits: { first_name: "Ada", phone: "+14155550100", whatsapp_opt_in: true, subscription_status: "active" } });
    const [req] = w.providers.to("graph.meta.test");
    expect(req?.url.pathname).toBe(`/v25.0/${PHONE_NUMBER_ID}/messages`);
    expect(req?.headers.get("authorization")).toBe(`Bearer ${META_TOKEN}`);
    const body = json(req);
    expect(body).toMatchObject({
      messaging_product: "whatsapp", to: "+14155550100", type: "template",
      template: { name: "churn_update_offer", language: { code: "en_US" }, components: [{ type: "body", parameters: [{ type: "text", text: "Ada" }, { type: "text", text: "STAY20" }, { type: "text", text: "https://app.example.com/changelog" }] }] },
    });
    expect(body["biz_opaque_callback_data"]).toMatch(DELIVERY_KEY);
    expect((await messages(user)).map((m) => [m.node, m.status, m.provider])).toEqual([["whatsapp_offer", "sent", "meta"]]);
  });

  it("no login within 24 h: the follow-up goes on the same channel, with its own idempotency key", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("churn-follow");
    await event("/identify", { userId: user, traits: { email: "ada@example.com", subscription_status: "active" } });
    await advance(w, user, 24 * HOUR);
    const sent = w.providers.to("api.resend.test");
    expect(sent.map((r) => json(r)["subject"])).toEqual([expect.stringMatching(/^What's new in/), "Help us get it right for you"]);
    expect(new Set(sent.map((r) => r.headers.get("idempotency-key"))).size).toBe(2);
    expect((await messages(user)).map((m) => m.template)).toEqual(["churn-offer-email", "churn-feedback-email"]);
  });
});

describe("cart abandonment (seed 2)", () => {
  it("2 h without an order: web push to every subscribed browser, related products fetched, then the e-mail", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("cart");
    const browser = await subscribe(user);
    await event("/identify", { userId: user, traits: { email: "ada@example.com", cart_items: 2 } });
    await event("/track", { userId: user, event: "Added To Cart", properties: { category: "shoes", product_id: "p 1", name: "Red shoes" } });
    await advance(w, user, 2 * HOUR);
    const push = w.providers.to("push.test");
    expect(push).toHaveLength(1);
    const payload = JSON.parse(await decryptWebPush(push[0]?.body ?? new Uint8Array(), browser.privateKey, fromBase64url(browser.p256dh), browser.authSecret));
    expect(payload).toMatchObject({ title: "You left something in your cart", body: "Red shoes and 1 more are waiting for you.", url: "https://shop.example.com/cart" });
    const [fetched] = w.providers.to("recommendations.example.com");
    expect(fetched?.url.search).toBe("?category=shoes&exclude=p+1");
    expect(w.providers.to("api.resend.test")).toHaveLength(1);
    expect((await messages(user)).map((m) => [m.node, m.channel, m.status])).toEqual([["push", "web_push", "sent"], ["email", "email", "sent"]]);
  });
});
