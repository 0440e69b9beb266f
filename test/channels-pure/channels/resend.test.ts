import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendResend } from "../../../worker/channels/resend.ts";
import { runtime } from "../../../worker/channels/types.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const message: TemplateOf<"email"> = { channel: "email", subject: "Your cart", html: "<p>Hi Ada</p>", text: "Hi Ada" };
const to = { channel: "email" as const, email: "ada@example.com", name: "Ada Lovelace" };
const settings = (baseUrl: string) => ({ provider: "resend" as const, apiKey: "re_test_123", from: "Shop <hello@shop.test>", baseUrl });

describe("resend", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs /emails with Bearer auth, JSON and the idempotency key, as Resend documents", async () => {
    sink.respond(() => ({ status: 200, body: { id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" } }));
    const outcome = await sendResend({ ...settings(sink.url), replyTo: "help@shop.test" }, message, to, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" });
    const req = sink.requests.at(-1);
    expect(req?.method).toBe("POST");
    expect(req?.path).toBe("/emails");
    expect(req?.headers.authorization).toBe("Bearer re_test_123");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["idempotency-key"]).toBe("run-1:4");
    expect(JSON.parse(req?.text ?? "")).toEqual({
      from: "Shop <hello@shop.test>",
      to: ["Ada Lovelace <ada@example.com>"],
      subject: "Your cart",
      html: "<p>Hi Ada</p>",
      text: "Hi Ada",
      reply_to: "help@shop.test",
    });
  });

  it("uses the template's from over the settings' and leaves out absent fields", async () => {
    sink.respond(() => ({ status: 200, body: { id: "x" } }));
    await sendResend(settings(sink.url), { channel: "email", subject: "S", html: "H", from: "News <news@shop.test>" }, { channel: "email", email: "a@b.co" }, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "")).toEqual({ from: "News <news@shop.test>", to: ["a@b.co"], subject: "S", html: "H" });
  });

  it("retries shortly when the same idempotency key is still in flight (409)", async () => {
    sink.respond(() => ({ status: 409, body: { statusCode: 409, name: "concurrent_idempotent_requests", message: "Same idempotency key used while original request is still in progress." } }));
    expect(await sendResend(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps))).toMatchObject({ type: "retry", afterMs: 1000 });
  });

  it("fails a 409 for a key reused with another payload", async () => {
    sink.respond(() => ({ status: 409, body: { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." } }));
    expect(await sendResend(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps))).toMatchObject({ type: "failed", reason: "resend 409: Same idempotency key used with a different request payload." });
  });
});

classifiesLikeEveryProvider(
  "resend",
  (baseUrl, rt, attempt) => sendResend(settings(baseUrl), message, to, { key: "k", attempt }, rt),
  (message) => ({ statusCode: 422, message, name: "validation_error" }),
);
