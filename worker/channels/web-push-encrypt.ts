/**
 * Web Push message encryption, RFC 8291 ("aes128gcm", RFC 8188) with WebCrypto only:
 * ECDH P-256 between a fresh key pair and the subscription's p256dh key, HKDF-SHA-256 keyed by
 * the subscription's auth secret, AES-128-GCM, one record of at most 4096 bytes.
 * https://www.rfc-editor.org/rfc/rfc8291 , https://www.rfc-editor.org/rfc/rfc8188
 */
import { bytes, concat, fromBase64url, utf8, type Bytes, type WebCryptoKey } from "./bytes.ts";

/** The record size we declare; the whole message must fit in one record. */
export const RECORD_SIZE = 4096;
/** Header: salt (16) + rs (4) + idlen (1) + keyid (65 = the ephemeral public key). */
const HEADER_BYTES = 86;
/** Largest payload that fits: push services accept 4096-byte bodies; 1 delimiter + 16 tag bytes. */
export const MAX_PAYLOAD_BYTES = RECORD_SIZE - HEADER_BYTES - 1 - 16;

/** The sender's one-time ECDH key pair; `publicKey` is the 65-byte uncompressed point. */
export interface EphemeralKey {
  privateKey: WebCryptoKey;
  publicKey: Bytes;
}

/** Encrypts `payload` for a subscription (base64url p256dh and auth) with a fresh key and salt. @throws on bad keys or an oversize payload */
export async function encryptForSubscription(payload: Uint8Array, keys: { p256dh: string; auth: string }): Promise<Bytes> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return encryptAes128gcm(payload, fromBase64url(keys.p256dh), fromBase64url(keys.auth), await ephemeralKey(), salt);
}

/** A fresh ECDH P-256 key pair with its raw public key. */
export async function ephemeralKey(): Promise<EphemeralKey> {
  const pair = await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  if (!("privateKey" in pair)) throw new Error("ECDH generateKey gave no key pair");
  const raw = await crypto.subtle.exportKey("raw", pair.publicKey);
  if (!(raw instanceof ArrayBuffer)) throw new Error("raw export gave no bytes");
  return { privateKey: pair.privateKey, publicKey: bytes(raw) };
}

/**
 * RFC 8291 §3–4 with the ephemeral key and salt given, so the Appendix A test vector can be
 * reproduced. Internal: use `encryptForSubscription` to send.
 * @throws Error on a malformed ua key or auth secret, or a payload over MAX_PAYLOAD_BYTES
 */
export async function encryptAes128gcm(payload: Uint8Array, uaPublic: Uint8Array, authSecret: Uint8Array, ephemeral: EphemeralKey, salt: Uint8Array): Promise<Bytes> {
  if (uaPublic.length !== 65 || uaPublic[0] !== 4) throw new Error("p256dh must be a 65-byte uncompressed P-256 point");
  if (authSecret.length !== 16) throw new Error("auth must be 16 bytes");
  if (salt.length !== 16) throw new Error("salt must be 16 bytes");
  if (payload.length > MAX_PAYLOAD_BYTES) throw new Error(`payload is ${payload.length} bytes, more than ${MAX_PAYLOAD_BYTES}`);
  const uaKey = await crypto.subtle.importKey("raw", bytes(uaPublic), { name: "ECDH", namedCurve: "P-256" }, false, []);
  // Not an inline literal: workers-types misnames the `public` member (`$public`).
  const ecdh = { name: "ECDH", public: uaKey };
  const ecdhSecret = bytes(await crypto.subtle.deriveBits(ecdh, ephemeral.privateKey, 256));
  // §3.4: IKM = HKDF(salt = auth_secret, ikm = ecdh_secret, info = "WebPush: info\0" ‖ ua_public ‖ as_public, 32)
  const keyInfo = concat(utf8("WebPush: info\0"), uaPublic, ephemeral.publicKey);
  const ikm = await hkdf(bytes(authSecret), ecdhSecret, keyInfo, 32);
  // RFC 8188 §2.2–2.3: CEK and NONCE from HKDF(salt, IKM, …)
  const cek = await hkdf(bytes(salt), ikm, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(bytes(salt), ikm, utf8("Content-Encoding: nonce\0"), 12);
  const aesKey = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt"]);
  // The last (only) record ends with the 0x02 padding delimiter and no padding.
  const sealed = bytes(await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, aesKey, concat(payload, Uint8Array.of(2))));
  const header = new Uint8Array(21);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = ephemeral.publicKey.length;
  return concat(header, ephemeral.publicKey, sealed);
}

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, length: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return bytes(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, length * 8));
}
