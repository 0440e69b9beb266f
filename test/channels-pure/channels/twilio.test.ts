import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTwilio } from "../../../worker/channels/twilio.ts";
import { runtime } from "../../../worker/channels/types.ts";
import { parseTwilio } from "../../../worker/webhooks/twilio.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const SID = "AC0123456789abcdef0123456789abcdef";
const message = { channel: "sms" as const, body: "Hi Ada, 10% off: https://shop.test/app" };
const to = { channel: "sms" as const, phone: "+14155550100" };
const settings = (baseUrl: string) => ({ provider: "twilio" as const, accountSid: SID, authToken: "tw-token", from: "+15005550006", baseUrl });

describe("twilio", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs the form to /2010-04-01/Accounts/{Sid}/Messages.json with Basic auth", async () => {
    sink.respond(() => ({ status: 201, body: { sid: "SM1f0e8ae6ade43cb3c0ce4525424e404f", status: "queued" } }));
    const outcome = await sendTwilio(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "SM1f0e8ae6ade43cb3c0ce4525424e404f" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["POST", `/2010-04-01/Accounts/${SID}/Messages.json`]);
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:tw-token`).toString("base64")}`);
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(req?.text))).toEqual({ To: "+14155550100", From: "+15005550006", Body: message.body });
  });

  it("sends through a Messaging Service instead of From when configured", async () => {
    sink.respond(() => ({ status: 201, body: { sid: "SMx" } }));
    const mg = "MG0123456789abcdef0123456789abcdef";
    await sendTwilio({ ...settings(sink.url), from: undefined, messagingServiceSid: mg, statusCallback: "https://hooks.shop.test/twilio" }, message, to, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(Object.fromEntries(new URLSearchParams(sink.requests.at(-1)?.text))).toEqual({ To: "+14155550100", MessagingServiceSid: mg, Body: message.body, StatusCallback: "https://hooks.shop.test/twilio?nudge_key=k" });
  });

  it("sends each message its own StatusCallback carrying the user and the key, which the status callback parser reads back", async () => {
    sink.respond(() => ({ status: 201, body: { sid: "SMx" } }));
    const key = `${"0a1b2c3d".repeat(8)}.mgbq4kz0.churn:2:5`;
    const statusCallback = "https://nudge.shop.test/v1/webhooks/twilio?workspace=demo";
    await sendTwilio({ ...settings(sink.url), statusCallback }, message, to, { key, attempt: 0, userId: "user 42" }, runtime(fixedDeps));
    const callback = new URL(new URLSearchParams(sink.requests.at(-1)?.text).get("StatusCallback") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe("https://nudge.shop.test/v1/webhooks/twilio");
    expect(Object.fromEntries(callback.searchParams)).toEqual({ workspace: "demo", nudge_user: "user 42", nudge_key: key });
    const status = new URLSearchParams({ MessageSid: "SMx", MessageStatus: "delivered", To: "+14155550100" }).toString();
    const parsed = parseTwilio(status, { url: callback.toString(), receivedAt: Date.UTC(2026, 0, 15) });
    expect(parsed.ok && parsed.signals.map((s) => [s.type, s.userId, s.messageKey])).toEqual([["delivered", "user 42", key]]);
  });

  it.each([
    [21610, "Attempt to send to unsubscribed recipient"],
    [21211, "The 'To' number +1415 is not a valid phone number."],
  ])("treats error %i as an unreachable number", async (code, text) => {
    sink.respond(() => ({ status: 400, body: { code, message: text, more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 } }));
    expect(await sendTwilio(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps))).toEqual({ type: "unreachable", reason: `twilio 400: ${text} (code ${code})` });
  });
});

classifiesLikeEveryProvider(
  "twilio",
  (baseUrl, rt, attempt) => sendTwilio(settings(baseUrl), message, to, { key: "k", attempt }, rt),
  (message) => ({ code: 21602, message, more_info: "https://www.twilio.com/docs/errors/21602", status: 400 }),
);
