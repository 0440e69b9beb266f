import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodeMessageRef } from "../../../worker/webhooks/message-ref.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";
import { parseWhatsapp, verifyWhatsapp, whatsappHandshake } from "../../../worker/webhooks/whatsapp.ts";

const appSecret = "6b0f1d2e3c4b5a69788796a5b4c3d2e1";
const verifyToken = "nudge-verify-token-1";
/** Meta's documented signature: "sha256=" + hex HMAC-SHA256 of the raw payload, keyed with the App Secret. */
const metaSign = (secret: string, body: string) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
const request = (body: string, headers: Record<string, string>): WebhookRequest => ({ method: "POST", url: "https://nudge.example/v1/webhooks/whatsapp", headers, rawBody: body });

const ref = encodeMessageRef({ userId: "user-42", messageKey: "churn:3:6" });
const status = (over: Record<string, unknown>) => ({
  id: "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA",
  status: "delivered",
  timestamp: "1795422600",
  recipient_id: "16505551234",
  biz_opaque_callback_data: ref,
  conversation: { id: "CONVERSATION_ID", origin: { type: "marketing" } },
  pricing: { billable: true, pricing_model: "PMP", category: "marketing" },
  ...over,
});
const payload = JSON.stringify({
  object: "whatsapp_business_account",
  entry: [{
    id: "102290129340398",
    changes: [{
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: { display_phone_number: "15550783881", phone_number_id: "106540352242922" },
        statuses: [
          status({ status: "sent", timestamp: "1795422500" }),
          status({ status: "delivered" }),
          status({ status: "read", timestamp: "1795422700" }),
          status({ id: "wamid.2", status: "failed", timestamp: "1795422800", biz_opaque_callback_data: "churn:9:1", errors: [{ code: 131026, title: "Message undeliverable", message: "Message undeliverable", error_data: { details: "Unable to deliver message." } }] }),
          status({ id: "wamid.3", status: "failed", timestamp: "1795422900", errors: [{ code: 131050, title: "User has stopped marketing messages" }] }),
          status({ id: "wamid.4", status: "failed", timestamp: "1795423000", errors: [{ code: 131047, title: "Re-engagement message" }] }),
        ],
        contacts: [{ profile: { name: "Ada" }, wa_id: "16505551234" }],
        messages: [{ from: "16505551234", id: "wamid.in", timestamp: "1795423100", type: "text", text: { body: "thanks" } }],
      },
    }],
  }],
});

describe("WhatsApp signatures", () => {
  it("verifies X-Hub-Signature-256 made the documented way", async () => {
    expect(await verifyWhatsapp(request(payload, { "X-Hub-Signature-256": metaSign(appSecret, payload) }), { appSecret })).toEqual({ ok: true });
  });

  it.each([
    ["a tampered body", request(payload.replace("16505551234", "16505559999"), { "X-Hub-Signature-256": metaSign(appSecret, payload) }), "does not match"],
    ["another app's secret", request(payload, { "X-Hub-Signature-256": metaSign("other-secret", payload) }), "does not match"],
    ["the SHA-1 header only", request(payload, { "X-Hub-Signature": "sha1=" + createHmac("sha1", appSecret).update(payload).digest("hex") }), "unsigned"],
    ["a malformed header", request(payload, { "X-Hub-Signature-256": createHmac("sha256", appSecret).update(payload).digest("hex") }), "not sha256=<hex>"],
  ])("rejects %s", async (_name, req, reason) => {
    const result = await verifyWhatsapp(req, { appSecret });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });
});

describe("WhatsApp subscription handshake", () => {
  const url = (q: string) => `https://nudge.example/v1/webhooks/whatsapp?${q}`;
  it("echoes the challenge for the right verify token", () => {
    expect(whatsappHandshake(url(`hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${verifyToken}`), { verifyToken })).toEqual({ ok: true, challenge: "1158201444" });
  });
  it.each([
    ["a wrong token", "hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess", "hub.verify_token does not match the configured verify token"],
    ["another mode", `hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=${verifyToken}`, "hub.mode is not subscribe"],
    ["no challenge", `hub.mode=subscribe&hub.verify_token=${verifyToken}`, "missing hub.challenge"],
  ])("refuses %s", (_name, q, reason) => {
    expect(whatsappHandshake(url(q), { verifyToken })).toEqual({ ok: false, reason });
  });
});

describe("WhatsApp payloads", () => {
  it("normalizes every status; the ids come back from biz_opaque_callback_data", () => {
    const common = { channel: "whatsapp", source: "whatsapp", address: "+16505551234" };
    const wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA";
    expect(parseWhatsapp(payload)).toEqual({
      ok: true,
      ignored: ["sent: not an engagement signal", "1 incoming message(s): not engagement signals"],
      signals: [
        { ...common, type: "delivered", at: 1795422600_000, id: `whatsapp:${wamid}:delivered`, userId: "user-42", messageKey: "churn:3:6", providerMessageId: wamid },
        { ...common, type: "read", at: 1795422700_000, id: `whatsapp:${wamid}:read`, userId: "user-42", messageKey: "churn:3:6", providerMessageId: wamid },
        { ...common, type: "failed", at: 1795422800_000, id: "whatsapp:wamid.2:failed", messageKey: "churn:9:1", providerMessageId: "wamid.2", permanent: true, reason: "131026 Message undeliverable" },
        { ...common, type: "unsubscribed", at: 1795422900_000, id: "whatsapp:wamid.3:failed", userId: "user-42", messageKey: "churn:3:6", providerMessageId: "wamid.3", reason: "131050 User has stopped marketing messages" },
        { ...common, type: "failed", at: 1795423000_000, id: "whatsapp:wamid.4:failed", userId: "user-42", messageKey: "churn:3:6", providerMessageId: "wamid.4", permanent: false, reason: "131047 Re-engagement message" },
      ],
    });
  });

  it("rejects a body that is not a webhook notification", () => {
    expect(parseWhatsapp(JSON.stringify({ object: "page" }))).toEqual({ ok: false, reason: "expected { object, entry: [...] }" });
    expect(parseWhatsapp("").ok).toBe(false);
  });
});
