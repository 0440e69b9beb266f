/**
 * The receiving side of the crypto, written with WebCrypto for the workerd tests: decrypting a
 * web push as a browser does (RFC 8291), verifying JWT signatures, capturing outgoing requests.
 */
import { base64url, bytes, concat, fromBase64url, fromUtf8, utf8, type Bytes } from "../../../worker/channels/bytes.ts";

export interface Captured {
  url: string;
  method: string;
  headers: Headers;
  body: Bytes;
}

/** A fetch that records each request and answers with `answer(request)`. */
export function capturingFetch(answer: (req: Captured) => Response): { fetch: (url: string, init: RequestInit) => Promise<Response>; requests: Captured[] } {
  const requests: Captured[] = [];
  return {
    requests,
    fetch: async (url, init) => {
      const request = new Request(url, init);
      const captured = { url: request.url, method: request.method, headers: request.headers, body: bytes(await request.arrayBuffer()) };
      requests.push(captured);
      return answer(captured);
    },
  };
}

async function pair(params: { name: string; namedCurve?: string; modulusLength?: number; publicExponent?: Uint8Array; hash?: string }, usages: string[]): Promise<CryptoKeyPair> {
  const keys = await crypto.subtle.generateKey(params, true, usages);
  if (!("privateKey" in keys)) throw new Error("expected a key pair");
  return keys;
}

async function exportRaw(format: "raw" | "pkcs8" | "spki", key: CryptoKey): Promise<Bytes> {
  const out = await crypto.subtle.exportKey(format, key);
  if (!(out instanceof ArrayBuffer)) throw new Error("expected bytes");
  return bytes(out);
}

/** A browser's push subscription keys. */
export async function subscriber(): Promise<{ privateKey: CryptoKey; p256dh: string; auth: string; authSecret: Bytes }> {
  const keys = await pair({ name: "ECDH", namedCurve: "P-256" }, ["deriveBits"]);
  const authSecret = crypto.getRandomValues(new Uint8Array(16));
  return { privateKey: keys.privateKey, p256dh: base64url(await exportRaw("raw", keys.publicKey)), auth: base64url(authSecret), authSecret };
}

async function hkdf(salt: Bytes, ikm: Bytes, info: Bytes, length: number): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return bytes(await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, length * 8));
}

/** RFC 8291 §3–4 from the user agent's side. */
export async function decryptWebPush(body: Bytes, uaPrivate: CryptoKey, uaPublic: Bytes, authSecret: Bytes): Promise<string> {
  const salt = body.slice(0, 16);
  const idlen = body[20] ?? 0;
  const senderPublic = body.slice(21, 21 + idlen);
  const senderKey = await crypto.subtle.importKey("raw", senderPublic, { name: "ECDH", namedCurve: "P-256" }, false, []);
  const ecdh = { name: "ECDH", public: senderKey };
  const shared = bytes(await crypto.subtle.deriveBits(ecdh, uaPrivate, 256));
  const ikm = await hkdf(authSecret, shared, concat(utf8("WebPush: info\0"), uaPublic, senderPublic), 32);
  const cek = await hkdf(salt, ikm, utf8("Content-Encoding: aes128gcm\0"), 16);
  const nonce = await hkdf(salt, ikm, utf8("Content-Encoding: nonce\0"), 12);
  const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
  const padded = bytes(await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, body.slice(21 + idlen)));
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("no last-record delimiter");
  return fromUtf8(padded.subarray(0, end));
}

/** Verifies an ES256 JWT against a raw P-256 public key (base64url). */
export async function verifyEs256(jwt: string, rawPublicKey: string): Promise<boolean> {
  const key = await crypto.subtle.importKey("raw", fromBase64url(rawPublicKey), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const [h = "", p = "", s = ""] = jwt.split(".");
  return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, fromBase64url(s), utf8(`${h}.${p}`));
}

/** Verifies an RS256 JWT with an RSA public key. */
export async function verifyRs256(jwt: string, key: CryptoKey): Promise<boolean> {
  const [h = "", p = "", s = ""] = jwt.split(".");
  return crypto.subtle.verify({ name: "RSASSA-PKCS1-v1_5" }, key, fromBase64url(s), utf8(`${h}.${p}`));
}

export function jwtClaims(jwt: string): unknown {
  return JSON.parse(fromUtf8(fromBase64url(jwt.split(".")[1] ?? "")));
}

/** A VAPID key pair as settings hold it. */
export async function vapidKeys(): Promise<{ publicKey: string; privateKey: string; subject: string }> {
  const keys = await pair({ name: "ECDSA", namedCurve: "P-256" }, ["sign", "verify"]);
  const jwk = await crypto.subtle.exportKey("jwk", keys.privateKey);
  if (jwk instanceof ArrayBuffer || typeof jwk.d !== "string") throw new Error("expected a JWK");
  return { publicKey: base64url(await exportRaw("raw", keys.publicKey)), privateKey: jwk.d, subject: "mailto:ops@shop.test" };
}

/** An RSA key pair: the private key as a PKCS#8 PEM (as in a service account file), the public key for verifying. */
export async function rsaServiceKey(): Promise<{ pem: string; publicKey: CryptoKey }> {
  const keys = await pair({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, ["sign", "verify"]);
  const der = await exportRaw("pkcs8", keys.privateKey);
  const b64 = btoa(String.fromCharCode(...der)).replace(/(.{64})/g, "$1\n");
  return { pem: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`, publicKey: keys.publicKey };
}
