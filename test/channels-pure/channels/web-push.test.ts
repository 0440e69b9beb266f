import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../../../worker/channels/types.ts";
import { VapidSigner } from "../../../worker/channels/vapid.ts";
import { sendWebPush } from "../../../worker/channels/web-push.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { jwtParts, vapidKeys, verifyEs256 } from "./helpers/keys.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";
import { decryptWebPush, subscriber } from "./helpers/web-push-decrypt.ts";

const keys = vapidKeys();
const sub = subscriber();
const message: TemplateOf<"web_push"> = { channel: "web_push", title: "Cart", body: "Lamp is waiting", url: "https://shop.test/cart", icon: "/i.png", actions: [{ action: "open", title: "Open" }], urgency: "high", ttl: 3600, topic: "cart" };
const recipient = (endpoint: string) => ({ channel: "web_push" as const, subscription: { endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, user: { userId: "u1" } });

describe("web push", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs the aes128gcm body with VAPID, TTL, Urgency and Topic; the subscriber decrypts the payload", async () => {
    sink.respond(() => ({ status: 201, headers: { location: "https://push.example/m/123" } }));
    const outcome = await sendWebPush({ ...keys }, message, recipient(`${sink.url}/push/sub-1`), { key: "run-1:4", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    expect(outcome).toEqual({ type: "sent", providerId: "https://push.example/m/123" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["POST", "/push/sub-1"]);
    expect(req?.headers["content-encoding"]).toBe("aes128gcm");
    expect(req?.headers["content-type"]).toBe("application/octet-stream");
    expect(req?.headers.ttl).toBe("3600");
    expect(req?.headers.urgency).toBe("high");
    expect(req?.headers.topic).toBe("cart");
    const [, jwt = "", k = ""] = /^vapid t=(\S+), k=(\S+)$/.exec(req?.headers.authorization ?? "") ?? [];
    expect(verifyEs256(jwt, k)).toBe(true);
    expect(jwtParts(jwt).claims.aud).toBe(sink.url);
    const { plaintext } = decryptWebPush(req?.body ?? Buffer.alloc(0), sub.privateKey, sub.authSecret);
    expect(JSON.parse(plaintext.toString())).toEqual({ type: "push", id: "run-1:4", title: "Cart", body: "Lamp is waiting", icon: "/i.png", url: "https://shop.test/cart", actions: [{ action: "open", title: "Open" }], user: { userId: "u1" } });
  });

  it("defaults TTL to four weeks and Urgency to normal, without Topic", async () => {
    sink.respond(() => ({ status: 201 }));
    await sendWebPush(keys, { channel: "web_push", title: "t", body: "b" }, recipient(`${sink.url}/p`), { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    const req = sink.requests.at(-1);
    expect([req?.headers.ttl, req?.headers.urgency, req?.headers.topic]).toEqual(["2419200", "normal", undefined]);
  });

  it("sends to the endpoint's path under baseUrl in development, signing for the real origin", async () => {
    sink.respond(() => ({ status: 201 }));
    await sendWebPush({ ...keys, baseUrl: sink.url }, message, recipient("https://fcm.googleapis.com/fcm/send/xyz"), { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    const req = sink.requests.at(-1);
    expect(req?.path).toBe("/fcm/send/xyz");
    const [, jwt = ""] = /t=(\S+),/.exec(req?.headers.authorization ?? "") ?? [];
    expect(jwtParts(jwt).claims.aud).toBe("https://fcm.googleapis.com");
  });

  it.each([404, 410])("marks the subscription unreachable on %i", async (status) => {
    sink.respond(() => ({ status, body: "push subscription has unsubscribed or expired." }));
    const outcome = await sendWebPush(keys, message, recipient(`${sink.url}/p`), { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    expect(outcome).toEqual({ type: "unreachable", reason: `web_push ${status}: push subscription has unsubscribed or expired.` });
  });

  it.each([
    ["a non-URL endpoint", { endpoint: "not a url", keys: { p256dh: sub.p256dh, auth: sub.auth } }],
    ["a bad p256dh", { endpoint: "https://p.example/x", keys: { p256dh: "abc", auth: sub.auth } }],
    ["a bad auth", { endpoint: "https://p.example/x", keys: { p256dh: sub.p256dh, auth: "!!" } }],
  ])("calls %s unreachable without sending", async (_, subscription) => {
    const before = sink.requests.length;
    const outcome = await sendWebPush(keys, message, { channel: "web_push", subscription }, { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    expect(outcome.type).toBe("unreachable");
    expect(sink.requests.length).toBe(before);
  });

  it("fails a payload too large for one push message", async () => {
    const outcome = await sendWebPush(keys, { ...message, body: "x".repeat(4000) }, recipient(`${sink.url}/p`), { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(keys));
    expect(outcome).toMatchObject({ type: "failed" });
    expect(outcome.type === "failed" && outcome.reason).toMatch(/payload is \d+ bytes, more than 3993/);
  });

  it("fails with credentials when the VAPID keys are broken", async () => {
    const bad = { publicKey: keys.publicKey, privateKey: "AAAA", subject: "mailto:a@b.c" };
    const outcome = await sendWebPush(bad, message, recipient(`${sink.url}/p`), { key: "k", attempt: 0 }, runtime(fixedDeps), new VapidSigner(bad));
    expect(outcome.type === "failed" && outcome.reason).toMatch(/^credentials: web_push: VAPID privateKey/);
  });
});

classifiesLikeEveryProvider(
  "web_push",
  (baseUrl, rt, attempt) => sendWebPush(keys, message, recipient(`${baseUrl}/p`), { key: "k", attempt }, rt, new VapidSigner(keys)),
  (message) => ({ code: 400, errno: 110, error: "Bad Request", message }),
);

describe("web push payload", () => {
  it("carries every notification option the service worker reads, in its names", async () => {
    const { webPushPayload } = await import("../../../worker/channels/web-push.ts");
    const full: TemplateOf<"web_push"> = { channel: "web_push", title: "T", body: "B", image: "/big.png", badge: "/b.png", tag: "cart", require_interaction: true };
    expect(JSON.parse(webPushPayload(full, { key: "k", attempt: 0 }))).toEqual({ type: "push", id: "k", title: "T", body: "B", image: "/big.png", badge: "/b.png", tag: "cart", requireInteraction: true });
  });
});
