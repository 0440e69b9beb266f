import { describe, expect, it } from "vitest";
import { VapidSigner } from "../../../worker/channels/vapid.ts";
import { jwtParts, vapidKeys, verifyEs256 } from "./helpers/keys.ts";

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

describe("VAPID (RFC 8292)", () => {
  it("signs an ES256 JWT for the endpoint's origin that verifies with the public key in k=", async () => {
    const keys = vapidKeys();
    const header = await new VapidSigner(keys).authorization("https://fcm.googleapis.com/fcm/send/abc:def?x=1", now);
    const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header);
    expect(match).not.toBeNull();
    const [, jwt = "", k = ""] = match ?? [];
    expect(k).toBe(keys.publicKey);
    expect(verifyEs256(jwt, k)).toBe(true);
    expect(verifyEs256(jwt, vapidKeys().publicKey)).toBe(false);
    const { header: h, claims } = jwtParts(jwt);
    expect(h).toEqual({ typ: "JWT", alg: "ES256" });
    expect(claims).toEqual({ aud: "https://fcm.googleapis.com", exp: now / 1000 + 12 * 3600, sub: "mailto:ops@shop.test" });
  });

  it("reuses a token for the same origin until an hour before it expires, then signs a new one", async () => {
    const signer = new VapidSigner(vapidKeys());
    const first = await signer.authorization("https://push.example/a", now);
    expect(await signer.authorization("https://push.example/b", now + 10 * 3600_000)).toBe(first);
    expect(await signer.authorization("https://push.example/a", now + 11 * 3600_000)).not.toBe(first);
    expect(await signer.authorization("https://other.example/a", now)).not.toBe(first);
  });

  it("rejects malformed keys", async () => {
    await expect(new VapidSigner({ publicKey: "AAAA", privateKey: "BBBB", subject: "mailto:a@b.c" }).authorization("https://p.example/x", now)).rejects.toThrow(/publicKey/);
  });
});
