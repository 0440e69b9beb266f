/**
 * Identity verification: with it on, browser (write key) calls naming a userId need
 * userHash = hex HMAC-SHA256(userId, secret); server (secret key) calls are exempt; off, nothing
 * is checked.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { putIdentitySettings } from "../../../worker/identity/settings.ts";
import { admin, call, send, SECRET_KEY, WRITE_KEY } from "../routes/api.ts";
import { unique } from "./helpers.ts";

const SECRET = "identity-secret-for-tests-0123456789";

async function hmacHex(userId: string, secret = SECRET): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(userId));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

afterEach(async () => {
  await admin("PUT", "/settings/identity", { enabled: false });
});

describe("identity verification on", () => {
  it("refuses identified browser calls without the right userHash, with a clear 401", async () => {
    const put = await admin("PUT", "/settings/identity", { enabled: true, secret: SECRET });
    expect(put.body).toMatchObject({ identity: { enabled: true, secret: SECRET } });
    expect((await admin("GET", "/settings/identity")).body).toEqual({ identity: { enabled: true, secretSet: true }, updatedAt: expect.any(String) });

    const user = unique("u");
    const missing = await send("/identify", { userId: user, traits: { plan: "pro" } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ error: { code: "identity_not_verified", path: "userHash", message: expect.stringContaining("HMAC-SHA256") } });
    const wrong = await send("/identify", { userId: user, userHash: await hmacHex(user, "another-secret-0123456789"), traits: {} });
    expect(wrong.status).toBe(401);
    expect((await admin("GET", `/users/${user}`)).status).toBe(404); // nothing was stored

    const hash = await hmacHex(user);
    expect((await send("/identify", { userId: user, userHash: hash, traits: { plan: "pro" } })).status).toBe(200);
    expect((await send("/track", { userId: user, userHash: hash.toUpperCase(), event: "Signed In" })).status).toBe(200);
    expect((await send("/track", { anonymousId: unique("a"), event: "Page Viewed" })).status).toBe(200);
  });

  it("checks every userId of a batch and names the first item that fails", async () => {
    await admin("PUT", "/settings/identity", { enabled: true, secret: SECRET });
    const u1 = unique("u");
    const u2 = unique("u");
    const body = {
      writeKey: WRITE_KEY,
      batch: [
        { type: "track", userId: u1, userHash: await hmacHex(u1), event: "A" },
        { type: "track", userId: u1, event: "B" },
        { type: "track", userId: u2, event: "C" },
      ],
    };
    const refused = await call("POST", "/v1/batch", { body });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: { code: "identity_not_verified", path: "batch[2].userHash" } });
    const ok = await call("POST", "/v1/batch", { body: { ...body, batch: body.batch.slice(0, 2) } });
    expect(ok.status).toBe(200);
  });

  it("server calls with the secret key are exempt", async () => {
    await admin("PUT", "/settings/identity", { enabled: true, secret: SECRET });
    const res = await call("POST", "/v1/identify", { auth: `bearer:${SECRET_KEY}`, body: { userId: unique("u"), traits: {} } });
    expect(res.status).toBe(200);
  });

  it("keeps the secret when a later PUT omits it, generates one when first enabled without, and needs the secret key", async () => {
    await admin("PUT", "/settings/identity", { enabled: true, secret: SECRET });
    expect((await admin("PUT", "/settings/identity", { enabled: true })).body).toMatchObject({ identity: { secret: SECRET } });
    expect((await admin("PUT", "/settings/identity", { enabled: true, secret: "short" })).body).toMatchObject({ error: { path: "secret" } });
    expect((await call("PUT", "/v1/admin/settings/identity", { auth: `basic:${WRITE_KEY}`, body: { enabled: false } })).status).toBe(403);
    const generated = await putIdentitySettings(env, unique("ws"), { enabled: true }, Date.now());
    expect(generated.secret).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("identity verification off", () => {
  it("accepts identified browser calls without userHash", async () => {
    await admin("PUT", "/settings/identity", { enabled: false });
    expect((await send("/identify", { userId: unique("u"), traits: {} })).status).toBe(200);
  });
});
