import { createSign, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSendgrid, verifySendgrid } from "../../../worker/webhooks/sendgrid.ts";
import type { WebhookRequest } from "../../../worker/webhooks/types.ts";

// The test vector SendGrid's own libraries ship (sendgrid-nodejs, -python, -go, -java, -csharp).
const DOC = {
  publicKey: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==",
  signature: "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=",
  timestamp: "1588788367",
  payload: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
};

const SIG = "X-Twilio-Email-Event-Webhook-Signature";
const TS = "X-Twilio-Email-Event-Webhook-Timestamp";
const now = Date.parse("2026-11-23T08:30:00Z");

// A key pair of our own, signing the way SendGrid documents: ECDSA P-256, SHA-256, DER, base64.
const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const publicKeyB64 = publicKey.export({ type: "spki", format: "der" }).toString("base64");
function sign(timestamp: string, body: string): string {
  return createSign("sha256").update(timestamp + body).sign(privateKey, "base64");
}

function request(body: string, headers: Record<string, string>): WebhookRequest {
  return { method: "POST", url: "https://nudge.example/v1/webhooks/sendgrid", headers, rawBody: body };
}

const events = [
  { email: "ada@example.com", timestamp: 1795422000, "smtp-id": "<14c5d75ce93.dfd.64b469@ismtpd-555>", event: "processed", category: ["cart"], sg_event_id: "sg-processed", sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", nudge_user: "user-42", nudge_key: "cart:7:3" },
  { email: "ada@example.com", timestamp: 1795422005, event: "delivered", response: "250 OK", sg_event_id: "sg-delivered", sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", nudge_user: "user-42", nudge_key: "cart:7:3" },
  { email: "ada@example.com", timestamp: 1795422010, event: "open", sg_machine_open: true, useragent: "Mozilla/5.0", ip: "17.0.0.1", sg_event_id: "sg-mpp", sg_message_id: "m1", nudge_user: "user-42", nudge_key: "cart:7:3" },
  { email: "ada@example.com", timestamp: 1795422600, event: "open", sg_machine_open: false, useragent: "Mozilla/5.0", ip: "203.0.113.7", sg_event_id: "sg-open", sg_message_id: "m1", nudge_user: "user-42", nudge_key: "cart:7:3" },
  { email: "ada@example.com", timestamp: 1795422660, event: "click", url: "https://shop.example/cart", url_offset: { index: 0, type: "html" }, sg_event_id: "sg-click", sg_message_id: "m1", nudge_user: "user-42", nudge_key: "cart:7:3" },
  { email: "gone@example.com", timestamp: 1795422001, event: "bounce", type: "bounce", bounce_classification: "Invalid Address", reason: "550 5.1.1 The email account that you tried to reach does not exist.", status: "5.1.1", sg_event_id: "sg-bounce", sg_message_id: "m2" },
  { email: "busy@example.com", timestamp: 1795422002, event: "bounce", type: "blocked", bounce_classification: "Reputation", reason: "421 try again later", status: "4.7.0", sg_event_id: "sg-blocked", sg_message_id: "m3" },
  { email: "old@example.com", timestamp: 1795422003, event: "dropped", reason: "Bounced Address", sg_event_id: "sg-dropped", sg_message_id: "m4" },
  { email: "ada@example.com", timestamp: 1795423000, event: "spamreport", sg_event_id: "sg-spam", sg_message_id: "m1" },
  { email: "ada@example.com", timestamp: 1795423100, event: "group_unsubscribe", asm_group_id: 10, sg_event_id: "sg-unsub", sg_message_id: "m1" },
  { email: "ada@example.com", timestamp: 1795423200, event: "deferred", response: "400 try again", attempt: "1", sg_event_id: "sg-deferred", sg_message_id: "m1" },
];
const body = JSON.stringify(events);

describe("SendGrid signatures", () => {
  it("verifies SendGrid's published test vector", async () => {
    const req = request(DOC.payload, { [SIG]: DOC.signature, [TS]: DOC.timestamp });
    expect(await verifySendgrid(req, { publicKey: DOC.publicKey }, Number(DOC.timestamp) * 1000)).toEqual({ ok: true });
  });

  const ts = String(now / 1000);
  it("verifies a signature made the documented way (lower-case header names too)", async () => {
    const req = request(body, { [SIG.toLowerCase()]: sign(ts, body), [TS.toLowerCase()]: ts });
    expect(await verifySendgrid(req, { publicKey: publicKeyB64 }, now)).toEqual({ ok: true });
    const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(await verifySendgrid(req, { publicKey: pem }, now)).toEqual({ ok: true });
  });

  it.each([
    ["a tampered body", () => request(body.replace("gone@", "here@"), { [SIG]: sign(ts, body), [TS]: ts }), "does not match"],
    ["a changed timestamp", () => request(body, { [SIG]: sign(ts, body), [TS]: String(now / 1000 - 1) }), "does not match"],
    ["SendGrid's vector under another key", () => request(DOC.payload, { [SIG]: DOC.signature, [TS]: ts }), "does not match"],
    ["a signature that is not DER", () => request(body, { [SIG]: Buffer.from("x".repeat(64)).toString("base64"), [TS]: ts }), "does not match"],
    ["an unsigned request", () => request(body, {}), "unsigned"],
  ])("rejects %s", async (_name, make, reason) => {
    const result = await verifySendgrid(make(), { publicKey: publicKeyB64 }, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("rejects an expired signature and a key that is not a P-256 key", async () => {
    const old = String(now / 1000 - 3600);
    const expired = await verifySendgrid(request(body, { [SIG]: sign(old, body), [TS]: old }), { publicKey: publicKeyB64 }, now);
    expect(!expired.ok && expired.reason).toBe(`timestamp ${old} is 3600 s old (tolerance 300 s): expired or replayed`);
    const badKey = await verifySendgrid(request(body, { [SIG]: sign(ts, body), [TS]: ts }), { publicKey: "bm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0IGZvciB0aGUgdGVzdA==" }, now);
    expect(!badKey.ok && badKey.reason).toContain("not a base64 P-256 public key");
  });
});

describe("SendGrid payloads", () => {
  it("normalizes a realistic batch: machine opens and deferrals ignored, blocked bounces not permanent", () => {
    const result = parseSendgrid(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ignored).toEqual(["processed: not an engagement signal", "open: machine open (privacy proxy)", "deferred: not an engagement signal"]);
    const at = (s: number) => s * 1000;
    expect(result.signals).toEqual([
      { channel: "email", type: "delivered", at: at(1795422005), source: "sendgrid", id: "sendgrid:sg-delivered", userId: "user-42", messageKey: "cart:7:3", providerMessageId: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", address: "ada@example.com" },
      { channel: "email", type: "opened", at: at(1795422600), source: "sendgrid", id: "sendgrid:sg-open", userId: "user-42", messageKey: "cart:7:3", providerMessageId: "m1", address: "ada@example.com" },
      { channel: "email", type: "clicked", at: at(1795422660), source: "sendgrid", id: "sendgrid:sg-click", userId: "user-42", messageKey: "cart:7:3", providerMessageId: "m1", address: "ada@example.com", url: "https://shop.example/cart" },
      { channel: "email", type: "bounced", at: at(1795422001), source: "sendgrid", id: "sendgrid:sg-bounce", providerMessageId: "m2", address: "gone@example.com", permanent: true, reason: "550 5.1.1 The email account that you tried to reach does not exist." },
      { channel: "email", type: "bounced", at: at(1795422002), source: "sendgrid", id: "sendgrid:sg-blocked", providerMessageId: "m3", address: "busy@example.com", permanent: false, reason: "421 try again later" },
      { channel: "email", type: "bounced", at: at(1795422003), source: "sendgrid", id: "sendgrid:sg-dropped", providerMessageId: "m4", address: "old@example.com", permanent: true, reason: "Bounced Address" },
      { channel: "email", type: "complained", at: at(1795423000), source: "sendgrid", id: "sendgrid:sg-spam", providerMessageId: "m1", address: "ada@example.com" },
      { channel: "email", type: "unsubscribed", at: at(1795423100), source: "sendgrid", id: "sendgrid:sg-unsub", providerMessageId: "m1", address: "ada@example.com" },
    ]);
  });

  it("rejects a body that is not an array of events", () => {
    expect(parseSendgrid(JSON.stringify({ event: "open" }))).toEqual({ ok: false, reason: "expected a JSON array of events" });
    expect(parseSendgrid("[1]")).toEqual({ ok: true, signals: [], ignored: ["an array item that is not an object"] });
  });
});
