import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSendgrid } from "../../../worker/channels/sendgrid.ts";
import { runtime } from "../../../worker/channels/types.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const message: TemplateOf<"email"> = { channel: "email", subject: "Your cart", html: "<p>Hi</p>", text: "Hi" };
const to = { channel: "email" as const, email: "ada@example.com", name: "Ada" };
const settings = (baseUrl: string) => ({ provider: "sendgrid" as const, apiKey: "SG.key", from: "\"Shop, Inc\" <hello@shop.test>", baseUrl });
const KEY = `${"0a1b2c3d".repeat(8)}.mgbq4kz0.cart-abandonment:3:5`;
const UNSUBSCRIBE = "https://nudge.shop.test/v1/unsubscribe?token=u1.eyJ3IjoiZGVtbyJ9.c2ln";

describe("sendgrid", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs /v3/mail/send with a personalization, text/plain before text/html, and the key in custom_args", async () => {
    sink.respond(() => ({ status: 202, headers: { "x-message-id": "W9h3vBQ0QbOt1" } }));
    const outcome = await sendSendgrid(settings(sink.url), message, to, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "W9h3vBQ0QbOt1" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["POST", "/v3/mail/send"]);
    expect(req?.headers.authorization).toBe("Bearer SG.key");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.text ?? "")).toEqual({
      personalizations: [{ to: [{ email: "ada@example.com", name: "Ada" }] }],
      from: { email: "hello@shop.test", name: "Shop, Inc" },
      subject: "Your cart",
      content: [
        { type: "text/plain", value: "Hi" },
        { type: "text/html", value: "<p>Hi</p>" },
      ],
      custom_args: { nudge_key: "run-1:4" },
    });
  });

  it("puts the user and the key in custom_args (echoed as top-level fields of SendGrid's events)", async () => {
    sink.respond(() => ({ status: 202 }));
    await sendSendgrid(settings(sink.url), message, to, { key: KEY, attempt: 0, userId: "user-42" }, runtime(fixedDeps));
    const body = JSON.parse(sink.requests.at(-1)?.text ?? "");
    expect(body.custom_args).toEqual({ nudge_user: "user-42", nudge_key: KEY });
    expect(body.headers).toBeUndefined();
  });

  it("adds List-Unsubscribe and List-Unsubscribe-Post to the message headers when the send has an unsubscribe link", async () => {
    sink.respond(() => ({ status: 202 }));
    await sendSendgrid(settings(sink.url), message, to, { key: KEY, attempt: 0, userId: "user-42", unsubscribeUrl: UNSUBSCRIBE }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "").headers).toEqual({ "List-Unsubscribe": `<${UNSUBSCRIBE}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
  });

  it("sends only text/html when there is no text part", async () => {
    sink.respond(() => ({ status: 202 }));
    await sendSendgrid(settings(sink.url), { channel: "email", subject: "S", html: "H" }, to, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "").content).toEqual([{ type: "text/html", value: "H" }]);
  });

  it("reports SendGrid's field and message on a 400", async () => {
    sink.respond(() => ({ status: 400, body: { errors: [{ message: "Does not contain a valid address.", field: "personalizations.0.to.0.email", help: null }] } }));
    expect(await sendSendgrid(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps))).toEqual({
      type: "failed",
      reason: "sendgrid 400: personalizations.0.to.0.email: Does not contain a valid address.",
    });
  });
});

classifiesLikeEveryProvider(
  "sendgrid",
  (baseUrl, rt, attempt) => sendSendgrid(settings(baseUrl), message, to, { key: "k", attempt }, rt),
  (message) => ({ errors: [{ message, field: null, help: null }] }),
);
