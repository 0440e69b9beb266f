import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { twilioStatusCallback } from "../../../worker/webhooks/message-ref.ts";
import { parseTwilio, verifyTwilio } from "../../../worker/webhooks/twilio.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";

// The worked example in Twilio's webhook security docs and helper-library tests.
const DOC = {
  authToken: "12345",
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  params: { CallSid: "CA1234567890ABCDE", Caller: "+14158675310", Digits: "1234", From: "+14158675310", To: "+18005551212" },
  signature: "GvWf1cFY/Q7PnoempGyD5oXAezc=",
};
// The JSON-body example's URL and body (its bodySHA256 is the body's SHA-256 hex).
const DOC_JSON = {
  url: "https://example.com/myapp?bodySHA256=5ccde7145dfb8f56479710896586cb9d5911809d83afbe34627818790db0aec9",
  body: '{"CallSid":"CA1234567890ABCDE","Caller":"+12349013030"}',
};

const authToken = "0123456789abcdef0123456789abcdef";
const callbackUrl = twilioStatusCallback("https://nudge.example/v1/webhooks/twilio", { userId: "user-42", messageKey: "churn:3:5" });
const receivedAt = Date.parse("2026-11-23T08:30:00Z");

/** Twilio's documented algorithm: URL + each POST parameter name and value, sorted by name; HMAC-SHA1 with the Auth Token; base64. */
function twilioSign(token: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join("");
  return createHmac("sha1", token).update(data).digest("base64");
}

function request(url: string, params: Record<string, string>, headers: Record<string, string>): WebhookRequest {
  return { method: "POST", url, headers, rawBody: new URLSearchParams(params).toString() };
}

const status = (over: Record<string, string>) => ({
  SmsSid: "SM0123456789abcdef0123456789abcdef", SmsStatus: over["MessageStatus"] ?? "sent", MessageStatus: "sent",
  To: "+14155550100", MessagingServiceSid: "MG0123456789abcdef0123456789abcdef", MessageSid: "SM0123456789abcdef0123456789abcdef",
  AccountSid: "AC0123456789abcdef0123456789abcdef", From: "+14155550199", ApiVersion: "2010-04-01", ...over,
});

describe("Twilio signatures", () => {
  it("verifies the example from Twilio's docs", async () => {
    expect(await verifyTwilio(request(DOC.url, DOC.params, { "X-Twilio-Signature": DOC.signature }), { authToken: DOC.authToken })).toEqual({ ok: true });
  });

  it("verifies a JSON body through bodySHA256 (the URL alone is signed)", async () => {
    const signature = createHmac("sha1", DOC.authToken).update(DOC_JSON.url).digest("base64");
    const req: WebhookRequest = { method: "POST", url: DOC_JSON.url, headers: { "x-twilio-signature": signature }, rawBody: DOC_JSON.body };
    expect(await verifyTwilio(req, { authToken: DOC.authToken })).toEqual({ ok: true });
    const tampered = await verifyTwilio({ ...req, rawBody: DOC_JSON.body.replace("3030", "3031") }, { authToken: DOC.authToken });
    expect(tampered).toEqual({ ok: false, reason: "body does not match the signed bodySHA256" });
  });

  const params = status({ MessageStatus: "delivered" });
  it("verifies a status callback signed the documented way, with or without the default port", async () => {
    const signed = { "X-Twilio-Signature": twilioSign(authToken, callbackUrl, params) };
    expect(await verifyTwilio(request(callbackUrl, params, signed), { authToken })).toEqual({ ok: true });
    const withPort = callbackUrl.replace("nudge.example", "nudge.example:443");
    expect(await verifyTwilio(request(callbackUrl, params, { "X-Twilio-Signature": twilioSign(authToken, withPort, params) }), { authToken })).toEqual({ ok: true });
  });

  it.each([
    ["a changed parameter", () => request(callbackUrl, { ...params, MessageStatus: "failed" }, { "X-Twilio-Signature": twilioSign(authToken, callbackUrl, params) })],
    ["a changed URL (another user's ids)", () => request(callbackUrl.replace("user-42", "user-43"), params, { "X-Twilio-Signature": twilioSign(authToken, callbackUrl, params) })],
    ["another account's Auth Token", () => request(callbackUrl, params, { "X-Twilio-Signature": twilioSign("f".repeat(32), callbackUrl, params) })],
  ])("rejects %s", async (_name, make) => {
    const result = await verifyTwilio(make(), { authToken });
    expect(result).toEqual({ ok: false, reason: "X-Twilio-Signature does not match: forged, changed parameters, a different URL or Auth Token" });
  });

  it("rejects an unsigned callback", async () => {
    expect(await verifyTwilio(request(callbackUrl, params, {}), { authToken })).toEqual({ ok: false, reason: "unsigned: missing X-Twilio-Signature header" });
  });
});

describe("Twilio payloads", () => {
  const sid = "SM0123456789abcdef0123456789abcdef";
  const base = { channel: "sms", at: receivedAt, source: "twilio", userId: "user-42", messageKey: "churn:3:5", providerMessageId: sid, address: "+14155550100" };
  const parse = (params: Record<string, string>) => parseTwilio(new URLSearchParams(params).toString(), { url: callbackUrl, receivedAt });

  it.each([
    ["delivered", status({ MessageStatus: "delivered" }), { ...base, type: "delivered", id: `twilio:${sid}:delivered` }],
    ["undelivered to a landline: permanent", status({ MessageStatus: "undelivered", ErrorCode: "30006" }), { ...base, type: "failed", id: `twilio:${sid}:undelivered`, permanent: true, reason: "30006 landline or unreachable carrier" }],
    ["failed, handset unreachable: may pass later", status({ MessageStatus: "failed", ErrorCode: "30003" }), { ...base, type: "failed", id: `twilio:${sid}:failed`, permanent: false, reason: "30003" }],
    ["failed because the user replied STOP", status({ MessageStatus: "failed", ErrorCode: "21610" }), { ...base, type: "unsubscribed", id: `twilio:${sid}:failed`, reason: "21610 recipient replied STOP" }],
    ["WhatsApp via Twilio, read", status({ MessageStatus: "read", To: "whatsapp:+14155550100", From: "whatsapp:+14155550199" }), { ...base, channel: "whatsapp", type: "read", id: `twilio:${sid}:read` }],
  ])("%s", (_name, params, signal) => {
    expect(parse(params)).toEqual({ ok: true, ignored: [], signals: [signal] });
  });

  it.each([
    ["STOP (Advanced Opt-Out)", { OptOutType: "STOP", Body: "Stop" }, "unsubscribed", "replied STOP"],
    ["a plain UNSUBSCRIBE", { Body: " unsubscribe " }, "unsubscribed", "replied UNSUBSCRIBE"],
    ["START", { OptOutType: "START", Body: "start" }, "resubscribed", "replied START"],
  ])("an incoming %s", (_name, over, type, reason) => {
    const inbound = { ToCountry: "US", SmsMessageSid: "SMin", NumMedia: "0", SmsSid: "SMin", SmsStatus: "received", To: "+14155550199", NumSegments: "1", MessageSid: "SMin", AccountSid: "AC0123456789abcdef0123456789abcdef", From: "+14155550100", ApiVersion: "2010-04-01", ...over };
    expect(parseTwilio(new URLSearchParams(inbound).toString(), { url: "https://nudge.example/v1/webhooks/twilio", receivedAt })).toEqual({
      ok: true, ignored: [],
      signals: [{ channel: "sms", type, at: receivedAt, source: "twilio", id: "twilio:SMin:inbound", providerMessageId: "SMin", address: "+14155550100", reason }],
    });
  });

  it("ignores intermediate statuses and ordinary replies", () => {
    expect(parse(status({ MessageStatus: "sent" }))).toEqual({ ok: true, signals: [], ignored: ["sent: not an engagement signal"] });
    expect(parseTwilio("SmsStatus=received&Body=thanks!&From=%2B14155550100&MessageSid=SMx", { receivedAt })).toEqual({
      ok: true, signals: [], ignored: ["incoming message: not an opt-out or opt-in keyword"],
    });
    expect(parseTwilio("x=1", {})).toEqual({ ok: false, reason: "Twilio sends no event time: pass receivedAt" });
  });
});
