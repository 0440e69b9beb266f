import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeMessageRef, encodeMessageRef, resendTags, twilioStatusCallback } from "../../../worker/webhooks/message-ref.ts";
import { receiveWebhook } from "../../../worker/webhooks/receive-webhook.ts";
import { WebhookSecrets } from "../../../worker/webhooks/secrets.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";

const now = Date.parse("2026-11-23T08:30:00Z");
const secrets = WebhookSecrets.parse({
  whatsapp: { appSecret: "app-secret-1", verifyToken: "verify-token-1" },
  postmark: { username: "hooks", password: "hooks-password" },
});
const body = JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { statuses: [{ id: "wamid.1", status: "read", timestamp: "1795422600", recipient_id: "16505551234", biz_opaque_callback_data: encodeMessageRef({ userId: "u1", messageKey: "k1" }) }] } }] }] });
const signed = (raw: string): WebhookRequest => ({
  method: "POST",
  url: "https://nudge.example/v1/webhooks/whatsapp",
  headers: new Headers({ "x-hub-signature-256": "sha256=" + createHmac("sha256", "app-secret-1").update(raw).digest("hex") }),
  rawBody: raw,
});

describe("receiveWebhook", () => {
  it("answers 200 with the signals of a verified callback", async () => {
    expect(await receiveWebhook("whatsapp", signed(body), secrets, now)).toEqual({
      ok: true, status: 200, ignored: [],
      signals: [{ channel: "whatsapp", type: "read", at: 1795422600_000, source: "whatsapp", id: "whatsapp:wamid.1:read", userId: "u1", messageKey: "k1", providerMessageId: "wamid.1", address: "+16505551234" }],
    });
  });

  it.each([
    ["an unknown provider", "mailgun", signed(body), 404, "unknown_provider"],
    ["a provider the workspace did not configure", "sendgrid", signed(body), 404, "not_configured"],
    ["a GET", "whatsapp", { ...signed(body), method: "GET" }, 405, "method_not_allowed"],
    ["a forged signature", "whatsapp", { ...signed(body), rawBody: body.replace("read", "delivered") }, 401, "invalid_signature"],
    ["an unsigned call", "postmark", { ...signed(body), headers: {} }, 401, "invalid_signature"],
    ["a signed body that is not JSON", "whatsapp", signed("not json"), 400, "invalid_payload"],
  ])("answers %s with the right status and code", async (_name, provider, req, status, code) => {
    const receipt = await receiveWebhook(provider, req, secrets, now);
    expect(receipt.ok).toBe(false);
    expect(receipt.status).toBe(status);
    expect(!receipt.ok && receipt.error.code).toBe(code);
    expect(!receipt.ok && receipt.error.message.length).toBeGreaterThan(10);
  });

  it("validates secrets with messages naming the field", () => {
    const result = WebhookSecrets.safeParse({ resend: { signingSecret: "abc" }, whatsapp: { appSecret: "x", verifyToken: "short" } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["resend.signingSecret", "whatsapp.verifyToken"]);
  });
});

describe("message references", () => {
  it("round-trip through every carrier", () => {
    const ref = { userId: "user:42 é", messageKey: "cart-abandonment:7:3" };
    expect(decodeMessageRef(encodeMessageRef(ref))).toEqual(ref);
    expect(encodeMessageRef(ref)).toMatch(/^nr1\.[A-Za-z0-9_-]+$/);
    expect(decodeMessageRef("cart:7:3")).toBeNull();
    for (const tag of resendTags(ref)) expect(tag.value).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(twilioStatusCallback("https://nudge.example/v1/webhooks/twilio?workspace=demo", ref));
    expect([url.searchParams.get("workspace"), url.searchParams.get("nudge_user"), url.searchParams.get("nudge_key")]).toEqual(["demo", "user:42 é", "cart-abandonment:7:3"]);
  });
});
