/** Workspace settings: channels, delivery policy and webhook secrets — validated by path, secrets never returned. */
import { describe, expect, it } from "vitest";
import { admin, call } from "../routes/api.ts";

type ErrorBody = { error: { code: string; path?: string; problems?: { path: string; message: string }[] } };

const TWILIO_SID = `AC${"0123456789abcdef".repeat(2)}`;

describe("/v1/admin/settings/channels", () => {
  it("stores valid settings and answers them with every secret masked", async () => {
    const put = await admin("PUT", "/settings/channels", {
      email: { provider: "resend", apiKey: "re_live_1234567890abcdef", from: "Shop <hi@shop.test>" },
      sms: { provider: "twilio", accountSid: TWILIO_SID, authToken: "twilio-token-0123456789", from: "+15551234567" },
    });
    expect(put.status).toBe(200);
    const read = await admin<{ channels: Record<string, Record<string, string>> }>("GET", "/settings/channels");
    expect(read.body.channels["email"]).toEqual({ provider: "resend", apiKey: "••••cdef", from: "Shop <hi@shop.test>" });
    expect(read.body.channels["sms"]?.["authToken"]).toBe("••••6789");
    expect(read.body.channels["sms"]?.["accountSid"]).toBe(TWILIO_SID);
    expect(JSON.stringify(read.body)).not.toContain("re_live_1234567890abcdef");
  });

  it("keeps stored secrets when the masked values are sent back (GET, edit, PUT)", async () => {
    await admin("PUT", "/settings/channels", { email: { provider: "resend", apiKey: "re_keep_1234567890abcd", from: "a@shop.test" } });
    const read = await admin<{ channels: Record<string, Record<string, string>> }>("GET", "/settings/channels");
    const edited = { email: { ...read.body.channels["email"], from: "b@shop.test" } };
    expect((await admin("PUT", "/settings/channels", edited)).status).toBe(200);
    const again = await admin<{ channels: Record<string, Record<string, string>> }>("GET", "/settings/channels");
    expect(again.body.channels["email"]).toEqual({ provider: "resend", apiKey: "••••abcd", from: "b@shop.test" });
    const bad = await admin<ErrorBody>("PUT", "/settings/channels", { email: { provider: "resend", apiKey: "••••zzzz", from: "b@shop.test" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.path).toBe("email.apiKey");
  });

  it.each([
    ["a bad Account SID", { sms: { provider: "twilio", accountSid: "AC123", authToken: "t", from: "+1555" } }, "sms.accountSid"],
    ["an unknown e-mail provider", { email: { provider: "mailchimp", apiKey: "k", from: "a@b.c" } }, "email.provider"],
    ["an unknown section", { fax: {} }, "fax"],
    ["a VAPID subject that is not mailto/https", { web_push: { publicKey: "B".repeat(87), privateKey: "x".repeat(43), subject: "ops@shop.test" } }, "web_push.subject"],
  ])("refuses %s with 400 listing the problem by path", async (_, body, path) => {
    const res = await admin<ErrorBody>("PUT", "/settings/channels", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_channel_settings");
    expect(res.body.error.problems?.map((p) => p.path)).toContain(path);
  });

  it("needs the secret key", async () => {
    expect((await call("GET", "/v1/admin/settings/channels")).status).toBe(401);
    expect((await call("GET", "/v1/admin/settings/channels", { auth: "basic:wk_dev" })).status).toBe(403);
  });
});

describe("/v1/admin/settings/policy", () => {
  it("stores a policy and reads it back", async () => {
    const policy = { frequency_caps: { email: ["3 per 1d"] }, quiet_hours: { from: "21:00", to: "08:00", action: "delay" } };
    expect((await admin("PUT", "/settings/policy", policy)).status).toBe(200);
    expect((await admin<{ policy: unknown }>("GET", "/settings/policy")).body.policy).toEqual(policy);
  });

  it.each([
    ["a misspelt channel", { frequency_caps: { emial: ["3 per 1d"] } }, "frequency_caps"],
    ["a cap that does not parse", { frequency_caps: { email: ["three a day"] } }, "frequency_caps.email[0]"],
    ["quiet hours from = to", { quiet_hours: { from: "08:00", to: "08:00", action: "drop" } }, "quiet_hours.to"],
  ])("refuses %s naming the path", async (_, body, path) => {
    const res = await admin<ErrorBody>("PUT", "/settings/policy", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_policy");
    expect(res.body.error.problems?.map((p) => p.path)).toContain(path);
  });
});

describe("/v1/admin/settings/webhooks", () => {
  it("stores provider secrets masked on read, and refuses a bad Resend secret", async () => {
    const put = await admin("PUT", "/settings/webhooks", { resend: { signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, whatsapp: { appSecret: "meta-app-secret-123456", verifyToken: "verify-me-please" } });
    expect(put.status).toBe(200);
    const read = await admin<{ webhooks: Record<string, Record<string, string>> }>("GET", "/settings/webhooks");
    expect(read.body.webhooks["resend"]?.["signingSecret"]).toBe("••••LaSw");
    expect(read.body.webhooks["whatsapp"]?.["verifyToken"]).toBe("••••ease");
    const bad = await admin<ErrorBody>("PUT", "/settings/webhooks", { resend: { signingSecret: "not-a-secret" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems?.map((p) => p.path)).toContain("resend.signingSecret");
  });
});
