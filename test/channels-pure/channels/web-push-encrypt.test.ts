import { describe, expect, it } from "vitest";
import { fromBase64url, base64url } from "../../../worker/channels/bytes.ts";
import { encryptAes128gcm, encryptForSubscription, MAX_PAYLOAD_BYTES } from "../../../worker/channels/web-push-encrypt.ts";
import { decryptWebPush, subscriber } from "./helpers/web-push-decrypt.ts";

// RFC 8291 Appendix A, every value as published (base64url).
const A = {
  plaintext: "When I grow up, I want to be a watermelon",
  asPublic: "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
  asPrivate: "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
  uaPublic: "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
  uaPrivate: "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
  salt: "DGv6ra1nlYgDCS1FRnbzlw",
  authSecret: "BTBZMqHH6r4Tts7J_aSIgg",
  body:
    "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml" +
    "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT" +
    "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
};

async function appendixAKey(): Promise<CryptoKey> {
  const pub = fromBase64url(A.asPublic);
  const jwk = { kty: "EC", crv: "P-256", x: base64url(pub.subarray(1, 33)), y: base64url(pub.subarray(33)), d: A.asPrivate };
  return crypto.subtle.importKey("jwk", jwk, { name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
}

describe("RFC 8291 encryption", () => {
  it("reproduces the Appendix A message byte for byte from its keys and salt", async () => {
    const body = await encryptAes128gcm(
      new TextEncoder().encode(A.plaintext),
      fromBase64url(A.uaPublic),
      fromBase64url(A.authSecret),
      { privateKey: await appendixAKey(), publicKey: fromBase64url(A.asPublic) },
      fromBase64url(A.salt),
    );
    expect(base64url(body)).toBe(A.body);
  });

  it("the Appendix A message decrypts with the user agent's private key", () => {
    const out = decryptWebPush(Buffer.from(A.body, "base64url"), Buffer.from(A.uaPrivate, "base64url"), Buffer.from(A.authSecret, "base64url"));
    expect(out.plaintext.toString()).toBe(A.plaintext);
  });

  it("encrypts for a fresh subscription so that the subscriber decrypts the payload (record size 4096)", async () => {
    const sub = subscriber();
    const payload = JSON.stringify({ title: "Déjà vu ✓", body: "x".repeat(500) });
    const body = Buffer.from(await encryptForSubscription(new TextEncoder().encode(payload), { p256dh: sub.p256dh, auth: sub.auth }));
    const out = decryptWebPush(body, sub.privateKey, sub.authSecret);
    expect(out.plaintext.toString()).toBe(payload);
    expect(out.recordSize).toBe(4096);
    expect(body.length).toBe(86 + Buffer.byteLength(payload) + 1 + 16);
  });

  it("uses a new key and salt for every message", async () => {
    const sub = subscriber();
    const payload = new TextEncoder().encode("same");
    const a = Buffer.from(await encryptForSubscription(payload, sub));
    const b = Buffer.from(await encryptForSubscription(payload, sub));
    expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
    expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
  });

  it("takes the largest payload that fits one 4096-byte message, and refuses one byte more", async () => {
    const sub = subscriber();
    const fits = await encryptForSubscription(new Uint8Array(MAX_PAYLOAD_BYTES).fill(65), sub);
    expect(fits.length).toBe(4096);
    await expect(encryptForSubscription(new Uint8Array(MAX_PAYLOAD_BYTES + 1), sub)).rejects.toThrow(/more than 3993/);
  });

  it.each([
    ["a short p256dh", { p256dh: "BCVxsr7N", auth: A.authSecret }, /p256dh/],
    ["a compressed-looking key", { p256dh: base64url(new Uint8Array(65).fill(3)), auth: A.authSecret }, /p256dh/],
    ["a long auth", { p256dh: A.uaPublic, auth: base64url(new Uint8Array(17)) }, /auth/],
  ])("refuses %s", async (_, keys, error) => {
    await expect(encryptForSubscription(new Uint8Array(4), keys)).rejects.toThrow(error);
  });
});
