import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendResend } from "../../../worker/channels/resend.ts";
import { runtime } from "../../../worker/channels/types.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { decodeTagValue } from "../../../worker/webhooks/message-ref.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const message: TemplateOf<"email"> = { channel: "email", subject: "Your cart", html: "<p>Hi Ada</p>", text: "Hi Ada" };
const to = { channel: "email" as const, email: "ada@example.com", name: "Ada Lovelace" };
const settings = (baseUrl: string) => ({ provider: "resend" as const, apiKey: "re_test_123", from: "Shop <hello@shop.test>", baseUrl });
/** A delivery key as the User DO makes it: <object id>.<first seen>.<outbox key>. */
const KEY = `${"0a1b2c3d".repeat(8)}.mgbq4kz0.cart-abandonment:3:5`;
const UNSUBSCRIBE = "https://nudge.shop.test/v1/unsubscribe?token=u1.eyJ3IjoiZGVtbyJ9.c2ln";

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
      tags: [{ name: "nudge_key", value: "cnVuLTE6NA" }],
    });
  });

  it("uses the template's from over the settings' and leaves out absent fields", async () => {
    sink.respond(() => ({ status: 200, body: { id: "x" } }));
    await sendResend(settings(sink.url), { channel: "email", subject: "S", html: "H", from: "News <news@shop.test>" }, { channel: "email", email: "a@b.co" }, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "")).toEqual({ from: "News <news@shop.test>", to: ["a@b.co"], subject: "S", html: "H", tags: [{ name: "nudge_key", value: "aw" }] });
  });

  it("tags the e-mail with the user and the key, so Resend's webhooks carry them back", async () => {
    sink.respond(() => ({ status: 200, body: { id: "x" } }));
    await sendResend(settings(sink.url), message, to, { key: KEY, attempt: 0, userId: "user-42" }, runtime(fixedDeps));
    const tags: Array<{ name: string; value: string }> = JSON.parse(sink.requests.at(-1)?.text ?? "").tags;
    expect(tags.map((t) => t.name)).toEqual(["nudge_user", "nudge_key"]);
    // Resend allows only ASCII letters, digits, _ and - in tag values, at most 256 characters.
    for (const t of tags) expect(t.value).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(tags.map((t) => decodeTagValue(t.value))).toEqual(["user-42", KEY]);
  });

  it("leaves out a tag Resend would refuse as too long, keeping the key", async () => {
    sink.respond(() => ({ status: 200, body: { id: "x" } }));
    await sendResend(settings(sink.url), message, to, { key: KEY, attempt: 0, userId: "u".repeat(300) }, runtime(fixedDeps));
    const tags: Array<{ name: string; value: string }> = JSON.parse(sink.requests.at(-1)?.text ?? "").tags;
    expect(tags.map((t) => [t.name, decodeTagValue(t.value)])).toEqual([["nudge_key", KEY]]);
  });

  it("adds List-Unsubscribe and List-Unsubscribe-Post headers when the send has an unsubscribe link", async () => {
    sink.respond(() => ({ status: 200, body: { id: "x" } }));
    await sendResend(settings(sink.url), message, to, { key: KEY, attempt: 0, unsubscribeUrl: UNSUBSCRIBE }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "").headers).toEqual({ "List-Unsubscribe": `<${UNSUBSCRIBE}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
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
