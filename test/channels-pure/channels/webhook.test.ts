import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtime } from "../../../worker/channels/types.ts";
import { sendWebhook } from "../../../worker/channels/webhook.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { fixedDeps, startSink, type Sink } from "./helpers/sink.ts";

const SECRET = "whsec_0123456789abcdef";

describe("webhook", () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink();
  });
  afterAll(() => sink.close());

  it("sends the method, headers and JSON body, signed over timestamp.body with the secret", async () => {
    sink.respond(() => ({ status: 204 }));
    const call = { url: `${sink.url}/hooks/cart?src=nudge`, method: "put", headers: { "X-Shop": "lamps", Authorization: "Token abc" }, body: { user: "u1", items: [1, 2] } };
    const outcome = await sendWebhook(call, SECRET, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps));
    expect(outcome).toEqual({ type: "sent" });
    const req = sink.requests.at(-1);
    expect([req?.method, req?.path]).toEqual(["PUT", "/hooks/cart?src=nudge"]);
    expect(req?.headers["x-shop"]).toBe("lamps");
    expect(req?.headers.authorization).toBe("Token abc");
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(req?.headers["idempotency-key"]).toBe("run-1:4");
    const timestamp = String(fixedDeps.now() / 1000);
    expect(req?.headers["x-nudge-timestamp"]).toBe(timestamp);
    expect(req?.text).toBe('{"user":"u1","items":[1,2]}');
    const expected = createHmac("sha256", SECRET).update(`${timestamp}.${req?.text}`).digest("hex");
    expect(req?.headers["x-nudge-signature"]).toBe(`sha256=${expected}`);
  });

  it("sends a string body as text, keeps a given content type, and signs an empty body for GET", async () => {
    sink.respond(() => ({ status: 200 }));
    await sendWebhook({ url: `${sink.url}/a`, method: "POST", headers: { "content-type": "application/xml" }, body: "<a/>" }, SECRET, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect([sink.requests.at(-1)?.headers["content-type"], sink.requests.at(-1)?.text]).toEqual(["application/xml", "<a/>"]);
    await sendWebhook({ url: `${sink.url}/b`, method: "GET", headers: {} }, SECRET, { key: "k", attempt: 0 }, runtime(fixedDeps));
    const get = sink.requests.at(-1);
    expect([get?.method, get?.text, get?.headers["content-type"]]).toEqual(["GET", "", undefined]);
    expect(get?.headers["x-nudge-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(`${get?.headers["x-nudge-timestamp"]}.`).digest("hex")}`);
  });

  it("sends no signature without a secret", async () => {
    sink.respond(() => ({ status: 200 }));
    await sendWebhook({ url: `${sink.url}/a`, method: "POST", headers: {}, body: {} }, undefined, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(sink.requests.at(-1)?.headers["x-nudge-signature"]).toBeUndefined();
  });

  it("fails a 404 (a receiver's address, not the user's)", async () => {
    sink.respond(() => ({ status: 404, body: "no such hook" }));
    expect(await sendWebhook({ url: `${sink.url}/x`, method: "POST", headers: {}, body: {} }, SECRET, { key: "k", attempt: 0 }, runtime(fixedDeps))).toEqual({ type: "failed", reason: "webhook 404: no such hook" });
  });

  it.each([
    ["a relative URL", { url: "/hooks", method: "POST", headers: {} }, "url is not a URL"],
    ["a file: URL", { url: "file:///etc/passwd", method: "GET", headers: {} }, "url must be http(s)"],
    ["a bad method", { url: "https://h.test", method: "PO ST", headers: {} }, "method is not an HTTP method"],
    ["a header with a line break", { url: "https://h.test", method: "POST", headers: { "x-a": "1\r\nx-b: 2" } }, "header x-a contains a line break"],
    ["a bad header name", { url: "https://h.test", method: "POST", headers: { "x a": "1" } }, "header name is invalid"],
  ])("refuses %s without sending", async (_, call, reason) => {
    const outcome = await sendWebhook(call, SECRET, { key: "k", attempt: 0 }, runtime(fixedDeps));
    expect(outcome.type).toBe("failed");
    expect(outcome.type === "failed" && outcome.reason).toContain(reason);
  });
});

classifiesLikeEveryProvider(
  "webhook",
  (baseUrl, rt, attempt) => sendWebhook({ url: `${baseUrl}/hook`, method: "POST", headers: {}, body: { a: 1 } }, SECRET, { key: "k", attempt }, rt),
  (message) => ({ message }),
);
