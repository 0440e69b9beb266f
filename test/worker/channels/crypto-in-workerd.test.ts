/**
 * The crypto adapters inside workerd (the runtime they ship in): RFC 8291 encryption and VAPID,
 * the FCM service-account JWT, audience hashes, webhook signatures, and Liquid templates. Requests
 * go to a capturing fetch; everything else is the production code path through createDelivery.
 */
import { describe, expect, it } from "vitest";
import { base64url, fromBase64url, utf8 } from "../../../worker/channels/bytes.ts";
import { createDelivery } from "../../../worker/channels/registry.ts";
import { encryptAes128gcm } from "../../../worker/channels/web-push-encrypt.ts";
import { templateVars } from "../../../worker/templates/vars.ts";
import { capturingFetch, decryptWebPush, jwtClaims, rsaServiceKey, subscriber, vapidKeys, verifyEs256, verifyRs256 } from "./web-crypto-helpers.ts";

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const vars = templateVars({ userId: "u1", traits: { first_name: "Ada", email: "Test@Example.com" }, event: { name: "Added To Cart", properties: { name: "Lamp" }, at: now } });

describe("channels in workerd", () => {
  it("reproduces the RFC 8291 Appendix A message", async () => {
    const asPublic = fromBase64url("BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8");
    const jwk = { kty: "EC", crv: "P-256", x: base64url(asPublic.subarray(1, 33)), y: base64url(asPublic.subarray(33)), d: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw" };
    const privateKey = await crypto.subtle.importKey("jwk", jwk, { name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
    const body = await encryptAes128gcm(
      utf8("When I grow up, I want to be a watermelon"),
      fromBase64url("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
      fromBase64url("BTBZMqHH6r4Tts7J_aSIgg"),
      { privateKey, publicKey: asPublic },
      fromBase64url("DGv6ra1nlYgDCS1FRnbzlw"),
    );
    expect(base64url(body)).toBe(
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
    );
  });

  it("sends a web push the subscriber can decrypt, with a VAPID JWT that verifies", async () => {
    const keys = await vapidKeys();
    const sub = await subscriber();
    const sink = capturingFetch(() => new Response(null, { status: 201, headers: { location: "https://push.example/m/1" } }));
    const delivery = createDelivery({ web_push: keys }, { fetch: sink.fetch, now: () => now });
    const subscription = { endpoint: "https://updates.push.services.mozilla.com/wpush/v2/abc", keys: { p256dh: sub.p256dh, auth: sub.auth } };
    const report = await delivery.sendTemplate({ key: "r1:3", channel: "web_push" }, { channel: "web_push", title: "Hi {{ user.first_name }}", body: "{{ event.properties.name }} waits", url: "/cart" }, { userId: "u1", traits: {}, webPush: [subscription] }, vars);
    expect(report.outcome).toEqual({ type: "sent", providerId: "https://push.example/m/1" });
    const req = sink.requests[0];
    expect(req?.url).toBe(subscription.endpoint);
    expect(req?.headers.get("content-encoding")).toBe("aes128gcm");
    const payload = await decryptWebPush(req?.body ?? new Uint8Array(0), sub.privateKey, fromBase64url(sub.p256dh), sub.authSecret);
    expect(JSON.parse(payload)).toEqual({ type: "push", id: "r1:3", title: "Hi Ada", body: "Lamp waits", url: "/cart", user: { userId: "u1" } });
    const [, jwt = "", k = ""] = /^vapid t=(\S+), k=(\S+)$/.exec(req?.headers.get("authorization") ?? "") ?? [];
    expect(k).toBe(keys.publicKey);
    expect(await verifyEs256(jwt, k)).toBe(true);
    expect(jwtClaims(jwt)).toEqual({ aud: "https://updates.push.services.mozilla.com", exp: now / 1000 + 43_200, sub: "mailto:ops@shop.test" });
  });

  it("signs the FCM service-account assertion with RS256 and uses the token it gets", async () => {
    const { pem, publicKey } = await rsaServiceKey();
    const sink = capturingFetch((req) =>
      req.url.endsWith("/token") ? Response.json({ access_token: "ya29.w", expires_in: 3599 }) : Response.json({ name: "projects/shop-app/messages/1" }),
    );
    const serviceAccount = { project_id: "shop-app", client_email: "nudge@shop-app.iam.gserviceaccount.com", private_key: pem, token_uri: "https://oauth2.example/token" };
    const delivery = createDelivery({ mobile_push: { provider: "fcm", serviceAccount } }, { fetch: sink.fetch, now: () => now });
    const report = await delivery.sendTemplate({ key: "r1:4", channel: "mobile_push" }, { channel: "mobile_push", title: "Hi {{ user.first_name }}", body: "b" }, { userId: "u1", traits: { fcm_token: "device-1" } }, vars);
    expect(report.outcome).toEqual({ type: "sent", providerId: "projects/shop-app/messages/1" });
    const [tokenReq, sendReq] = sink.requests;
    const assertion = new URLSearchParams(new TextDecoder().decode(tokenReq?.body)).get("assertion") ?? "";
    expect(await verifyRs256(assertion, publicKey)).toBe(true);
    expect(jwtClaims(assertion)).toMatchObject({ iss: serviceAccount.client_email, aud: "https://oauth2.example/token", scope: "https://www.googleapis.com/auth/firebase.messaging" });
    expect(sendReq?.url).toBe("https://fcm.googleapis.com/v1/projects/shop-app/messages:send");
    expect(sendReq?.headers.get("authorization")).toBe("Bearer ya29.w");
  });

  it("hashes audience identifiers to the known SHA-256 values", async () => {
    const sink = capturingFetch(() => Response.json({ audience_id: "9", num_received: 1, num_invalid_entries: 0 }));
    const delivery = createDelivery({ audiences: { facebook: { accessToken: "EAAB" } } }, { fetch: sink.fetch, now: () => now });
    await delivery.audience({ key: "k", provider: "facebook", audience: "9", op: "add" }, [{ email: " Test@Example.com ", phone: "+1 (415) 555-0100" }]);
    const payload: unknown = JSON.parse(new URLSearchParams(new TextDecoder().decode(sink.requests[0]?.body)).get("payload") ?? "");
    expect(payload).toEqual({
      schema: ["EMAIL", "PHONE"],
      data: [["973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b", "5e7ec4c79ccac6e420876e65ad0e6b4b2ccf73ec3dccb50297bf2890a1ec73b9"]],
    });
  });

  it("signs webhooks so the receiver can verify them with the secret", async () => {
    const secret = "whsec_0123456789abcdef";
    const sink = capturingFetch(() => new Response("ok"));
    const delivery = createDelivery({ webhook: { secret } }, { fetch: sink.fetch, now: () => now });
    expect(await delivery.webhook({ key: "r1:5", url: "https://hooks.shop.test/{{ user.id }}", method: "POST", headers: {}, body: { who: "{{ user.first_name }}" } }, vars)).toEqual({ type: "sent" });
    const req = sink.requests[0];
    const signed = `${req?.headers.get("x-nudge-timestamp")}.${new TextDecoder().decode(req?.body)}`;
    const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    const hexSig = (req?.headers.get("x-nudge-signature") ?? "").replace(/^sha256=/, "");
    const sig = new Uint8Array((hexSig.match(/../g) ?? []).map((h) => parseInt(h, 16)));
    expect(await crypto.subtle.verify("HMAC", key, sig, utf8(signed))).toBe(true);
    expect(req?.url).toBe("https://hooks.shop.test/u1");
  });
});
