/**
 * PEM private keys for WebCrypto: the PKCS#8 "BEGIN PRIVATE KEY" block Google service accounts
 * ship, imported once per key text (imports cost more than a signature).
 */
import { fromBase64url, type Bytes, type WebCryptoKey } from "./bytes.ts";

const imported = new Map<string, Promise<WebCryptoKey>>();
const MAX_KEYS = 100;

/** The DER bytes inside a PEM block. @throws Error when the text is not PKCS#8 PEM */
export function pemToDer(pem: string): Bytes {
  const text = pem.replace(/\\n/g, "\n");
  if (/BEGIN RSA PRIVATE KEY/.test(text)) throw new Error("PKCS#1 keys are not supported: convert with `openssl pkcs8 -topk8 -nocrypt`");
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(text);
  if (match === null || match[1] === undefined) throw new Error("not a PEM \"PRIVATE KEY\" block");
  return fromBase64url(match[1].replace(/\s+/g, ""));
}

/** Imports an RSA PKCS#8 PEM key for RS256 signing, memoised by key text. Rejects on a bad key. */
export function importRs256Key(pem: string): Promise<WebCryptoKey> {
  const hit = imported.get(pem);
  if (hit !== undefined) return hit;
  const pending = Promise.resolve().then(() =>
    crypto.subtle.importKey("pkcs8", pemToDer(pem), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]),
  );
  // A failed import is not remembered, so a corrected key text is tried afresh.
  pending.catch(() => imported.delete(pem));
  if (imported.size >= MAX_KEYS) imported.clear();
  imported.set(pem, pending);
  return pending;
}
