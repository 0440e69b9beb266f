import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createUnsubscribeToken, listUnsubscribeHeaders, unsubscribeSignal, unsubscribeTokenWorkspace, unsubscribeUrl, verifyUnsubscribeToken,
} from "../../../worker/webhooks/unsubscribe-token.ts";

const secret = "sk_workspace_secret_for_links";
const claims = { workspace: "demo", userId: "user-42", channel: "email" as const, messageKey: "cart:7:3", issuedAt: Date.parse("2026-11-23T08:00:00Z") };

describe("unsubscribe tokens", () => {
  it("round-trips its claims, with a base64url HMAC-SHA256 anyone holding the secret can recompute", async () => {
    const token = await createUnsubscribeToken(claims, secret);
    expect(token).toMatch(/^u1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const [version, payload, mac] = token.split(".");
    expect(createHmac("sha256", secret).update(`${version}.${payload}`).digest("base64url")).toBe(mac);
    expect(JSON.parse(Buffer.from(payload ?? "", "base64url").toString())).toEqual({ w: "demo", u: "user-42", c: "email", k: "cart:7:3", iat: 1795420800 });
    expect(await verifyUnsubscribeToken(token, secret)).toEqual({ ok: true, claims });
    expect(unsubscribeTokenWorkspace(token)).toBe("demo");
  });

  it("rejects a token edited to unsubscribe someone else", async () => {
    const token = await createUnsubscribeToken(claims, secret);
    const [version, , mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ w: "demo", u: "user-43", c: "email", k: "cart:7:3", iat: 1795420800 })).toString("base64url");
    expect(await verifyUnsubscribeToken(`${version}.${forged}.${mac}`, secret)).toEqual({ ok: false, reason: "unsubscribe token signature does not match (edited or forged link)" });
  });

  it.each([
    ["another workspace's secret", async () => createUnsubscribeToken(claims, "another-secret"), "signature does not match"],
    ["a truncated link", async () => (await createUnsubscribeToken(claims, secret)).slice(0, -5), "signature does not match"],
    ["something else entirely", async () => "hello", "not an unsubscribe token"],
    ["a signed but malformed payload", async () => {
      const payload = Buffer.from(JSON.stringify({ w: "demo", u: "user-42", c: "fax", k: "k", iat: 1 })).toString("base64url");
      return `u1.${payload}.${createHmac("sha256", secret).update(`u1.${payload}`).digest("base64url")}`;
    }, "payload is malformed"],
  ])("rejects %s", async (_name, make, reason) => {
    const result = await verifyUnsubscribeToken(await make(), secret);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it("builds the link, the one-click headers and the signal the User DO applies", async () => {
    const token = await createUnsubscribeToken(claims, secret);
    const url = unsubscribeUrl("https://nudge.example/", token);
    expect(url).toBe(`https://nudge.example/v1/unsubscribe?token=${token}`);
    expect(listUnsubscribeHeaders(url)).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const at = Date.parse("2026-11-24T10:00:00Z");
    expect(unsubscribeSignal(claims, at)).toEqual({
      channel: "email", type: "unsubscribed", at, source: "unsubscribe_link", id: "unsubscribe:email:cart:7:3", userId: "user-42", messageKey: "cart:7:3",
    });
  });
});
