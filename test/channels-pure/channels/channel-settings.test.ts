import { describe, expect, it } from "vitest";
import { readChannelSettings } from "../../../worker/channels/channel-settings.ts";

const SID = "AC0123456789abcdef0123456789abcdef";

describe("readChannelSettings", () => {
  it("accepts every provider's settings", () => {
    const { settings, problems } = readChannelSettings({
      email: { provider: "postmark", serverToken: "t", from: "Shop <hi@shop.test>" },
      sms: { provider: "twilio", accountSid: SID, authToken: "x", from: "+15005550006" },
      whatsapp: { provider: "meta", accessToken: "EAAG", phoneNumberId: "1065403" },
      web_push: { publicKey: "B".repeat(87), privateKey: "a".repeat(43), subject: "mailto:ops@shop.test" },
      mobile_push: { provider: "fcm", serviceAccount: JSON.stringify({ project_id: "p", client_email: "e@p.iam.gserviceaccount.com", private_key: "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n" }) },
      audiences: { facebook: { accessToken: "EAAB" }, google: { developerToken: "d", customerId: "123-456-7890", oauth: { accessToken: "ya29" } } },
      webhook: { secret: "whsec_0123456789abcdef" },
      fetch_data: { cacheTtlMs: 0, retries: 1 },
    });
    expect(problems).toEqual([]);
    expect(settings.mobile_push?.serviceAccount.project_id).toBe("p");
    expect(settings.email?.provider).toBe("postmark");
  });

  it("keeps the good sections and names every bad field", () => {
    const { settings, problems } = readChannelSettings({
      email: { provider: "resend", apiKey: "re_1", from: "not an address" },
      sms: { provider: "twilio", accountSid: "AC1", authToken: "x" },
      whatsapp: { provider: "meta", accessToken: "EAAG", phoneNumberId: "1065403" },
      webhook: { secret: "short" },
      pager: {},
    });
    expect(Object.keys(settings)).toEqual(["whatsapp"]);
    expect(problems.map((p) => p.path)).toEqual(["email.from", "sms.accountSid", "sms.from", "webhook.secret", "pager"]);
    expect(problems[1]?.message).toBe("an Account SID (AC + 32 hex digits)");
  });

  it.each([
    ["an unknown provider", { email: { provider: "mailgun", apiKey: "k", from: "a@b.co" } }, "email.provider"],
    ["an http: base URL typo", { email: { provider: "resend", apiKey: "k", from: "a@b.co", baseUrl: "localhost:8080" } }, "email.baseUrl"],
    ["not an object", "email=resend", ""],
  ])("reports %s", (_, input, path) => {
    expect(readChannelSettings(input).problems[0]?.path).toBe(path);
  });

  it("treats absent settings as none configured", () => {
    expect(readChannelSettings(undefined)).toEqual({ settings: {}, problems: [] });
  });
});
