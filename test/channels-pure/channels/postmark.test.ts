import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendPostmark } from "../../../worker/channels/postmark.ts";
import { runtime } from "../../../worker/channels/types.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const message: TemplateOf<"email"> = { channel: "email", subject: "Your cart", html: "<p>Hi</p>", text: "Hi" };
const to = { channel: "email" as const, email: "ada@example.com" };
const settings = (baseUrl: string) => ({ provider: "postmark" as const, serverToken: "pm-server-token", from: "hello@shop.test", messageStream: "broadcast", baseUrl });
const UNSUBSCRIBE = "https://nudge.shop.test/v1/unsubscribe?token=u1.eyJ3IjoiZGVtbyJ9.c2ln";

describe("postmark", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("POSTs /email with X-Postmark-Server-Token and Postmark's PascalCase body", async () => {
    sink.respond(() => ({ status: 200, body: { To: "ada@example.com", SubmittedAt: "2026-01-15T12:00:00Z", MessageID: "b7bc2f4a-e38e-4336-af7d-e6c392c2f817", ErrorCode: 0, Message: "OK" } }));
    const outcome = await sendPostmark(settings(sink.url), message, to, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent", providerId: "b7bc2f4a-e38e-4336-af7d-e6c392c2f817" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["POST", "/email"]);
    expect(req?.headers["x-postmark-server-token"]).toBe("pm-server-token");
    expect(req?.headers.accept).toBe("application/json");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.text ?? "")).toEqual({
      From: "hello@shop.test",
      To: "ada@example.com",
      Subject: "Your cart",
      HtmlBody: "<p>Hi</p>",
      TextBody: "Hi",
      MessageStream: "broadcast",
      Metadata: { nudge_key: "run-1:4" },
    });
  });

  it("puts the user and the key in Metadata, each only when it fits Postmark's 80 characters", async () => {
    sink.respond(() => ({ status: 200, body: { MessageID: "m" } }));
    const metadataFor = async (key: string, userId: string) => {
      await sendPostmark(settings(sink.url), message, to, { key, attempt: 0, userId }, runtime(fixedDeps));
      return JSON.parse(sink.requests.at(-1)?.text ?? "").Metadata;
    };
    expect(await metadataFor("cart-abandonment:3:5", "user-42")).toEqual({ nudge_user: "user-42", nudge_key: "cart-abandonment:3:5" });
    // A User DO delivery key (64 hex characters, then more) is too long: the MessageID index finds it.
    const deliveryKey = `${"0a1b2c3d".repeat(8)}.mgbq4kz0.cart-abandonment:3:5`;
    expect(await metadataFor(deliveryKey, "user-42")).toEqual({ nudge_user: "user-42" });
    expect(await metadataFor("k", "u".repeat(81))).toEqual({ nudge_key: "k" });
  });

  it("adds List-Unsubscribe and List-Unsubscribe-Post as Postmark Headers when the send has an unsubscribe link", async () => {
    sink.respond(() => ({ status: 200, body: { MessageID: "m" } }));
    await sendPostmark(settings(sink.url), message, to, { key: "k", attempt: 0, unsubscribeUrl: UNSUBSCRIBE }, runtime(fixedDeps));
    expect(JSON.parse(sink.requests.at(-1)?.text ?? "").Headers).toEqual([
      { Name: "List-Unsubscribe", Value: `<${UNSUBSCRIBE}>` },
      { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it("treats ErrorCode 406 (inactive recipient) as unreachable", async () => {
    sink.respond(() => ({ status: 422, body: { ErrorCode: 406, Message: "You tried to send to recipient(s) that have been marked as inactive." } }));
    expect(await sendPostmark(settings(sink.url), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps))).toEqual({
      type: "unreachable",
      reason: "postmark 422: You tried to send to recipient(s) that have been marked as inactive.",
    });
  });
});

classifiesLikeEveryProvider(
  "postmark",
  (baseUrl, rt, attempt) => sendPostmark(settings(baseUrl), message, to, { key: "k", attempt }, rt),
  (message) => ({ ErrorCode: 300, Message: message }),
);
