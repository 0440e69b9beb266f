/** Channel settings whose providers all point at the fake providers' local hosts (helpers.ts). */
import { rsaServiceKey, vapidKeys } from "../channels/web-crypto-helpers.ts";

export const RESEND_KEY = "re_test_0123456789abcdef";
export const TWILIO_SID = `AC${"0123456789abcdef".repeat(2)}`;
export const TWILIO_TOKEN = "twilio-auth-token-0123";
export const META_TOKEN = "EAAG-test-token-0123456789";
export const PHONE_NUMBER_ID = "106540352242922";

export interface TestKeys {
  vapid: { publicKey: string; privateKey: string; subject: string };
  fcm: { publicKey: CryptoKey };
}

/** Settings for every channel, and the keys the tests verify signatures with. */
export async function testChannelSettings(): Promise<{ settings: Record<string, unknown>; keys: TestKeys }> {
  const vapid = await vapidKeys();
  const rsa = await rsaServiceKey();
  return {
    keys: { vapid, fcm: { publicKey: rsa.publicKey } },
    settings: {
      email: { provider: "resend", apiKey: RESEND_KEY, from: "Shop <hello@shop.test>", baseUrl: "https://api.resend.test" },
      sms: { provider: "twilio", accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, from: "+15550001111", baseUrl: "https://api.twilio.test" },
      whatsapp: { provider: "meta", accessToken: META_TOKEN, phoneNumberId: PHONE_NUMBER_ID, apiVersion: "v25.0", baseUrl: "https://graph.meta.test" },
      web_push: vapid,
      mobile_push: {
        provider: "fcm",
        serviceAccount: { project_id: "nudge-test", client_email: "nudge@nudge-test.iam.gserviceaccount.com", private_key: rsa.pem, token_uri: "https://oauth.test/token" },
        baseUrl: "https://fcm.test",
      },
      webhook: { secret: "whsec-nudge-test-0123456789" },
    },
  };
}
