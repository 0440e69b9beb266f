/** The event API through the Worker's fetch handler: every call type, keys, validation, limits, CORS. */
import { describe, expect, it } from "vitest";
import { admin, call, send, SECRET_KEY, WRITE_KEY } from "./api.ts";

type ErrorBody = { error: { code: string; message: string; path?: string } };
type Accepted = { success: boolean; messageId: string; status: string };
type Profile = { userId: string | null; anonymousId: string | null; traits: Record<string, unknown> };

describe("POST /v1/{track,identify,page,alias} and the short paths", () => {
  it.each([
    ["/track", { userId: "ev-u1", event: "Added To Cart", properties: { sku: "A1" } }],
    ["/t", { userId: "ev-u1", event: "Added To Cart" }],
    ["/identify", { userId: "ev-u1", traits: { email: "a@example.com" } }],
    ["/i", { userId: "ev-u1", traits: { plan: "pro" } }],
    ["/page", { anonymousId: "ev-anon-1", name: "Pricing", properties: { path: "/pricing" } }],
    ["/p", { anonymousId: "ev-anon-1" }],
    ["/alias", { userId: "ev-u1", previousId: "ev-anon-1" }],
    ["/a", { userId: 42, previousId: "ev-anon-2" }],
  ])("%s accepts a Segment-spec call", async (path, body) => {
    const res = await send<Accepted>(path, { ...body, messageId: `msg-${path}` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, messageId: `msg-${path}`, status: "accepted" });
  });

  it("answers duplicate for a messageId the user's object has already seen", async () => {
    const event = { userId: "ev-dup", event: "Clicked", messageId: "dup-1" };
    expect((await send<Accepted>("/track", event)).body.status).toBe("accepted");
    expect((await send<Accepted>("/track", event)).body.status).toBe("duplicate");
    expect((await send<Accepted>("/t", event)).body.status).toBe("duplicate");
  });

  it("makes up a messageId when the caller sends none", async () => {
    const res = await send<Accepted>("/track", { userId: "ev-noid", event: "Clicked" });
    expect(res.status).toBe(200);
    expect(res.body.messageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("stores identify traits on the profile", async () => {
    await send("/identify", { userId: "ev-traits", traits: { email: "t@example.com", plan: "pro" } });
    const profile = await admin<Profile>("GET", "/users/ev-traits");
    expect(profile.status).toBe(200);
    expect(profile.body.traits).toMatchObject({ email: "t@example.com", plan: "pro" });
  });
});

describe("event keys", () => {
  const event = { userId: "ev-keys", event: "Clicked" };

  it.each([
    ["the write key as the Basic user name", { auth: `basic:${WRITE_KEY}` as const, body: event }],
    ["the write key in the body", { body: { ...event, writeKey: WRITE_KEY } }],
    ["the secret key as a Bearer token", { auth: `bearer:${SECRET_KEY}` as const, body: event }],
    ["the secret key as the Basic user name", { auth: `basic:${SECRET_KEY}` as const, body: event }],
  ])("accepts %s", async (_, options) => {
    expect((await call("POST", "/v1/track", options)).status).toBe(200);
  });

  it.each([
    ["no key", {}, "missing_key"],
    ["an unknown key", { auth: "basic:wk_nope" as const }, "invalid_key"],
    ["an unknown body writeKey", { body: { ...event, writeKey: "wk_nope" } }, "invalid_key"],
    ["a malformed Basic header", { headers: { authorization: "Basic %%%" } }, "invalid_key"],
  ])("refuses %s with 401", async (_, options, code) => {
    const res = await call<ErrorBody>("POST", "/v1/track", { body: event, ...options });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe(code);
  });
});

describe("bad event input", () => {
  it("answers malformed JSON with 400 invalid_json", async () => {
    const res = await send<ErrorBody>("/track", '{"userId": "u", "event": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });

  it("answers an empty body with 400", async () => {
    const res = await call<ErrorBody>("POST", "/v1/track", { auth: `basic:${WRITE_KEY}` });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });

  it.each([
    ["a track without event", "/track", { userId: "u" }, "event"],
    ["a call without userId or anonymousId", "/track", { event: "Clicked" }, "userId"],
    ["a non-object properties", "/track", { userId: "u", event: "E", properties: [1] }, "properties"],
    ["a timestamp that is not ISO 8601", "/page", { userId: "u", timestamp: "yesterday" }, "timestamp"],
    ["an alias without previousId", "/alias", { userId: "u" }, "previousId"],
    ["a JSON array", "/identify", [1, 2], ""],
  ])("names the field of %s", async (_, path, body, field) => {
    const res = await send<ErrorBody>(path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.path ?? "").toBe(field);
  });

  it("refuses an event over 32 KB with 413", async () => {
    const res = await send<ErrorBody>("/track", { userId: "u", event: "Big", properties: { blob: "x".repeat(33 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("payload_too_large");
  });
});

describe("CORS for browsers on other origins", () => {
  it("answers the preflight of a write-key route", async () => {
    const res = await call("OPTIONS", "/v1/batch", {
      headers: { origin: "https://shop.example.com", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });

  it("lets the browser read an error", async () => {
    const res = await call("POST", "/v1/track", { body: { event: "x" }, headers: { origin: "https://shop.example.com" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("does not open the admin API to other origins", async () => {
    const res = await call("GET", "/v1/admin/journeys", { auth: `bearer:${SECRET_KEY}`, headers: { origin: "https://evil.example.com" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
});
