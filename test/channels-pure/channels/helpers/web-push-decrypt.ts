/**
 * The browser's half of RFC 8291, written with node:crypto (not the WebCrypto code under test),
 * so a round trip proves the encryption interoperates rather than agreeing with itself.
 */
import { createDecipheriv, createECDH, hkdfSync } from "node:crypto";

export function decryptWebPush(body: Buffer, uaPrivate: Buffer, authSecret: Buffer): { plaintext: Buffer; recordSize: number; senderPublic: Buffer } {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idlen = body[20] ?? 0;
  const senderPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(uaPrivate);
  const uaPublic = ecdh.getPublicKey();
  const shared = ecdh.computeSecret(senderPublic);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, senderPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", shared, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: aes128gcm\0"), 16));
  const nonce = Buffer.from(hkdfSync("sha256", ikm, salt, Buffer.from("Content-Encoding: nonce\0"), 12));
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // Strip the padding: trailing zeros, then the 0x02 last-record delimiter.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return { plaintext: padded.subarray(0, end), recordSize, senderPublic };
}

/** A browser-like subscription key pair (p256dh) and auth secret. */
export function subscriber(): { privateKey: Buffer; p256dh: string; auth: string; authSecret: Buffer } {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = Buffer.from(Array.from({ length: 16 }, (_, i) => (i * 37 + 11) % 256));
  return { privateKey: ecdh.getPrivateKey(), p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url"), authSecret };
}
