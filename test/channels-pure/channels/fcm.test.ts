import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendFcm } from "../../../worker/channels/fcm.ts";
import { TokenCache } from "../../../worker/channels/token-cache.ts";
import { runtime } from "../../../worker/channels/types.ts";
import type { TemplateOf } from "../../../worker/templates/schema.ts";
import { classifiesLikeEveryProvider } from "./helpers/error-matrix.ts";
import { jwtParts, serviceAccount, verifyRs256 } from "./helpers/keys.ts";
import { fixedDeps, startSink, type Captured, type Reply, type Sink } from "./helpers/sink.ts";

const message: TemplateOf<"mobile_push"> = { channel: "mobile_push", title: "Cart", body: "Lamp is waiting", url: "shop://cart", image: "https://shop.test/lamp.png", data: { screen: "cart" } };
const to = { channel: "mobile_push" as const, token: "fcm-device-token-1" };
let sink: Sink;
let sa: ReturnType<typeof serviceAccount>;
const settings = () => ({ provider: "fcm" as const, serviceAccount: sa.account, baseUrl: sink.url });

/** Answers the token endpoint with a token, and FCM with `fcm`. */
function googleLike(fcm: (req: Captured) => Reply, tokens: string[] = ["ya29.token-1", "ya29.token-2"]): void {
  let issued = 0;
  sink.respond((req) => {
    if (req.path === "/token") return { status: 200, body: { access_token: tokens[issued++] ?? "ya29.more", expires_in: 3599, token_type: "Bearer" } };
    return fcm(req);
  });
}

beforeAll(async () => {
  sink = await startSink();
  sa = serviceAccount(`${sink.url}/token`);
});
afterAll(() => sink.close());
beforeEach(() => {
  sink.requests.length = 0;
});

describe("fcm (HTTP v1)", () => {
  it("gets a token with a signed service-account JWT, then POSTs messages:send with it", async () => {
    googleLike(() => ({ status: 200, body: { name: "projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96" } }));
    const outcome = await sendFcm(settings(), message, to, { key: "run-1:4", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome).toEqual({ type: "sent", providerId: "projects/shop-app/messages/0:1500415314455276%31bd1c9631bd1c96" });
    const [tokenReq, sendReq] = sink.requests;
    expect([tokenReq?.method, tokenReq?.path, tokenReq?.headers["content-type"]]).toEqual(["POST", "/token", "application/x-www-form-urlencoded"]);
    const form = new URLSearchParams(tokenReq?.text);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = form.get("assertion") ?? "";
    expect(verifyRs256(assertion, sa.publicKey)).toBe(true);
    expect(verifyRs256(assertion, serviceAccount("x").publicKey)).toBe(false);
    const iat = fixedDeps.now() / 1000;
    expect(jwtParts(assertion)).toEqual({
      header: { typ: "JWT", alg: "RS256", kid: "4f1b2c3d" },
      claims: { iss: "nudge@shop-app.iam.gserviceaccount.com", scope: "https://www.googleapis.com/auth/firebase.messaging", aud: `${sink.url}/token`, iat, exp: iat + 3600 },
    });
    expect([sendReq?.method, sendReq?.path]).toEqual(["POST", "/v1/projects/shop-app/messages:send"]);
    expect(sendReq?.headers.authorization).toBe("Bearer ya29.token-1");
    expect(sendReq?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sendReq?.text ?? "")).toEqual({
      message: {
        token: "fcm-device-token-1",
        notification: { title: "Cart", body: "Lamp is waiting", image: "https://shop.test/lamp.png" },
        data: { screen: "cart", url: "shop://cart", nudge_key: "run-1:4" },
      },
    });
  });

  it("caches the access token until shortly before it expires", async () => {
    googleLike(() => ({ status: 200, body: { name: "projects/shop-app/messages/1" } }));
    const tokens = new TokenCache();
    let now = fixedDeps.now();
    const rt = runtime({ ...fixedDeps, now: () => now });
    await sendFcm(settings(), message, to, { key: "a", attempt: 0 }, rt, tokens);
    now += 3000_000;
    await sendFcm(settings(), message, to, { key: "b", attempt: 0 }, rt, tokens);
    expect(sink.requests.map((r) => r.path)).toEqual(["/token", "/v1/projects/shop-app/messages:send", "/v1/projects/shop-app/messages:send"]);
    now += 600_000;
    await sendFcm(settings(), message, to, { key: "c", attempt: 0 }, rt, tokens);
    expect(sink.requests.filter((r) => r.path === "/token")).toHaveLength(2);
    expect(sink.requests.at(-1)?.headers.authorization).toBe("Bearer ya29.token-2");
  });

  it("asks for one token however many sends start at once", async () => {
    googleLike(() => ({ status: 200, body: { name: "n" } }));
    const tokens = new TokenCache();
    await Promise.all([1, 2, 3].map((i) => sendFcm(settings(), message, to, { key: `k${i}`, attempt: 0 }, runtime(fixedDeps), tokens)));
    expect(sink.requests.filter((r) => r.path === "/token")).toHaveLength(1);
  });

  it("renews a refused cached token once, then sends", async () => {
    googleLike((req) => (req.headers.authorization === "Bearer ya29.token-1" ? { status: 401, body: { error: { code: 401, message: "Request had invalid authentication credentials.", status: "UNAUTHENTICATED" } } } : { status: 200, body: { name: "ok" } }));
    const outcome = await sendFcm(settings(), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome).toEqual({ type: "sent", providerId: "ok" });
    expect(sink.requests.map((r) => r.path)).toEqual(["/token", "/v1/projects/shop-app/messages:send", "/token", "/v1/projects/shop-app/messages:send"]);
  });

  it.each([
    ["UNREGISTERED (404)", 404, "NOT_FOUND", "UNREGISTERED", "unreachable"],
    ["UNREGISTERED (400)", 400, "INVALID_ARGUMENT", "UNREGISTERED", "unreachable"],
    ["SENDER_ID_MISMATCH", 403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "unreachable"],
    ["INVALID_ARGUMENT", 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "failed"],
    ["QUOTA_EXCEEDED", 429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "retry"],
    ["UNAVAILABLE", 503, "UNAVAILABLE", "UNAVAILABLE", "retry"],
  ])("classifies %s as %s", async (_, status, apiStatus, errorCode, type) => {
    googleLike(() => ({ status, body: { error: { code: status, message: "fcm says no", status: apiStatus, details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode }] } } }));
    const outcome = await sendFcm(settings(), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome.type).toBe(type);
  });

  it("fails with credentials when the token endpoint refuses the assertion", async () => {
    sink.respond(() => ({ status: 400, body: { error: "invalid_grant", error_description: "Invalid JWT Signature." } }));
    expect(await sendFcm(settings(), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache())).toEqual({
      type: "failed",
      reason: "credentials: fcm token endpoint 400: invalid_grant: Invalid JWT Signature.",
    });
  });

  it("retries when the token endpoint is down", async () => {
    sink.respond(() => ({ status: 503, headers: { "retry-after": "30" }, body: "" }));
    expect(await sendFcm(settings(), message, to, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache())).toMatchObject({ type: "retry", afterMs: 30_000 });
  });

  it("fails with credentials on a key that is not PKCS#8", async () => {
    const account = { ...sa.account, private_key: "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n" };
    const outcome = await sendFcm({ provider: "fcm", serviceAccount: account, baseUrl: sink.url }, message, to, { key: "k", attempt: 0 }, runtime(fixedDeps), new TokenCache());
    expect(outcome.type === "failed" && outcome.reason).toMatch(/^credentials: fcm PKCS#1 keys are not supported/);
  });
});

classifiesLikeEveryProvider(
  "fcm",
  // A 401 from FCM is retried once with a fresh token; both answers are the error under test.
  (baseUrl, rt, attempt) => {
    // Tokens come from this file's sink; the answer under test from the matrix's own sink.
    googleLike(() => ({ status: 500, body: "not the FCM endpoint" }));
    const account = { ...sa.account, token_uri: `${sink.url}/token` };
    return sendFcm({ provider: "fcm", serviceAccount: account, baseUrl }, message, to, { key: "k", attempt }, rt, new TokenCache());
  },
  (message) => ({ error: { code: 400, message, status: "INVALID_ARGUMENT" } }),
);
