import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resendTags } from "../../../worker/webhooks/message-ref.ts";
import { parseResend, verifyResend } from "../../../worker/webhooks/resend.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";

// The worked example in Svix's "Verifying Webhooks Manually" guide.
const DOC = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: "1614265330",
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

const secret = "whsec_" + Buffer.from("nudge-test-signing-key-32-bytes!").toString("base64");
const now = Date.parse("2026-11-23T08:30:00Z");

/** Signs as the Svix docs say: HMAC-SHA256(base64-decoded secret, "id.timestamp.body"), base64. */
function svixSign(key: string, id: string, timestamp: string, body: string): string {
  const raw = Buffer.from(key.slice("whsec_".length), "base64");
  return "v1," + createHmac("sha256", raw).update(`${id}.${timestamp}.${body}`).digest("base64");
}

function request(body: string, headers: Record<string, string>): WebhookRequest {
  return { method: "POST", url: "https://nudge.example/v1/webhooks/resend", headers, rawBody: body };
}

const clicked = JSON.stringify({
  type: "email.clicked",
  created_at: "2026-11-23T08:29:58.126Z",
  data: {
    broadcast_id: null,
    created_at: "2026-11-23T08:00:01.894719+00:00",
    email_id: "56761188-7520-42d8-8898-ff6fc54ce618",
    from: "Shop <hello@shop.example>",
    to: ["ada@example.com"],
    subject: "You left something in your cart",
    click: { ipAddress: "203.0.113.7", link: "https://shop.example/cart?utm_source=nudge", timestamp: "2026-11-23T08:29:57.000Z", userAgent: "Mozilla/5.0" },
    tags: Object.fromEntries(resendTags({ userId: "user-42", messageKey: "cart-abandonment:7:3" }).map((t) => [t.name, t.value])),
  },
});

describe("Resend (Svix) signatures", () => {
  it("verifies the Svix documentation's example", async () => {
    const req = request(DOC.body, { "svix-id": DOC.id, "svix-timestamp": DOC.timestamp, "svix-signature": DOC.signature });
    expect(await verifyResend(req, { signingSecret: DOC.secret }, Number(DOC.timestamp) * 1000)).toEqual({ ok: true });
  });

  const ts = String(now / 1000);
  const signed = { "svix-id": "msg_2Kx", "svix-timestamp": ts, "svix-signature": svixSign(secret, "msg_2Kx", ts, clicked) };

  it("verifies a signature computed the documented way, also among rotated secrets", async () => {
    expect(await verifyResend(request(clicked, signed), { signingSecret: secret }, now)).toEqual({ ok: true });
    const rotated = { ...signed, "svix-signature": `v1,bm90LXRoaXMtb25l ${signed["svix-signature"]}` };
    expect(await verifyResend(request(clicked, rotated), { signingSecret: secret }, now + 299_000)).toEqual({ ok: true });
  });

  it.each([
    ["a tampered body", request(clicked.replace("ada@", "eve@"), signed), "does not match"],
    ["a forged signature", request(clicked, { ...signed, "svix-signature": "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" }), "does not match"],
    ["another endpoint's secret", request(clicked, { ...signed, "svix-signature": svixSign("whsec_" + Buffer.from("other").toString("base64"), "msg_2Kx", ts, clicked) }), "does not match"],
    ["a changed svix-id", request(clicked, { ...signed, "svix-id": "msg_other" }), "does not match"],
    ["no signature headers", request(clicked, {}), "unsigned"],
  ])("rejects %s", async (_name, req, reason) => {
    const result = await verifyResend(req, { signingSecret: secret }, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("rejects an expired (replayed) signature and one from the future", async () => {
    const old = await verifyResend(request(clicked, signed), { signingSecret: secret }, now + 301_000);
    expect(old).toEqual({ ok: false, reason: `timestamp ${ts} is 301 s old (tolerance 300 s): expired or replayed` });
    const future = await verifyResend(request(clicked, signed), { signingSecret: secret }, now - 600_000);
    expect(!future.ok && future.reason).toContain("600 s in the future");
  });
});

describe("Resend payloads", () => {
  it("normalizes a click with the user and message key from its tags", () => {
    expect(parseResend(clicked, { headers: { "svix-id": "msg_2Kx" } })).toEqual({
      ok: true,
      ignored: [],
      signals: [{
        channel: "email", type: "clicked", at: Date.parse("2026-11-23T08:29:58.126Z"), source: "resend", id: "resend:msg_2Kx",
        userId: "user-42", messageKey: "cart-abandonment:7:3", providerMessageId: "56761188-7520-42d8-8898-ff6fc54ce618",
        address: "ada@example.com", url: "https://shop.example/cart?utm_source=nudge",
      }],
    });
  });

  it("normalizes a permanent bounce with Resend's message", () => {
    const body = JSON.stringify({
      type: "email.bounced",
      created_at: "2026-11-23T08:01:12.000Z",
      data: {
        email_id: "e-1", to: ["gone@example.com"], subject: "s", created_at: "2026-11-23T08:01:11.000Z",
        bounce: { message: "The recipient's email address does not exist.", subType: "General", type: "Permanent" },
        tags: [{ name: "nudge_key", value: Buffer.from("welcome:1:2").toString("base64url") }],
      },
    });
    const result = parseResend(body);
    expect(result.ok && result.signals).toEqual([{
      channel: "email", type: "bounced", at: Date.parse("2026-11-23T08:01:12.000Z"), source: "resend", id: `resend:e-1:email.bounced:${Date.parse("2026-11-23T08:01:12.000Z")}`,
      messageKey: "welcome:1:2", providerMessageId: "e-1", address: "gone@example.com", permanent: true, reason: "The recipient's email address does not exist.",
    }]);
  });

  it("turns a Resend audience unsubscribe into an unsubscribe by address", () => {
    const body = JSON.stringify({ type: "contact.updated", created_at: "2026-11-23T09:00:00.000Z", data: { id: "c-9", audience_id: "a-1", email: "ada@example.com", unsubscribed: true } });
    const result = parseResend(body, { headers: { "svix-id": "msg_c9" } });
    expect(result.ok && result.signals).toEqual([{ channel: "email", type: "unsubscribed", at: Date.parse("2026-11-23T09:00:00.000Z"), source: "resend", id: "resend:msg_c9", address: "ada@example.com" }]);
  });

  it("ignores sends and delays, and rejects bodies it cannot read", () => {
    const sent = JSON.stringify({ type: "email.sent", created_at: "2026-11-23T08:00:00Z", data: { email_id: "e" } });
    expect(parseResend(sent)).toEqual({ ok: true, signals: [], ignored: ["email.sent: not an engagement signal"] });
    expect(parseResend("{not json").ok).toBe(false);
    expect(parseResend(JSON.stringify({ hello: 1 }))).toEqual({ ok: false, reason: "expected { type, created_at, data }" });
  });
});
