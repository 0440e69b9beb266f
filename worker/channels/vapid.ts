/**
 * VAPID (RFC 8292): the application server proves who it is to a push service with an ES256 JWT
 * { aud: the endpoint's origin, exp ≤ 24 h, sub: a contact } in
 * `Authorization: vapid t=<jwt>, k=<public key>`. Signed tokens are reused per origin until an
 * hour before they expire (a signature costs more than the rest of a send).
 */
import { fromBase64url, base64url, type WebCryptoKey } from "./bytes.ts";
import { signJwt } from "./jwt.ts";

/** Tokens live 12 h; push services refuse more than 24 h. */
const TOKEN_LIFETIME_S = 12 * 3600;
const RENEW_BEFORE_S = 3600;

export interface VapidKeys {
  /** base64url of the 65-byte uncompressed P-256 public key. */
  publicKey: string;
  /** base64url of the 32-byte private scalar. */
  privateKey: string;
  /** "mailto:…" or "https:…". */
  subject: string;
}

/** Imports VAPID keys as an ECDSA P-256 signing key. @throws on malformed keys */
export async function importVapidKey(keys: VapidKeys): Promise<WebCryptoKey> {
  const pub = fromBase64url(keys.publicKey);
  if (pub.length !== 65 || pub[0] !== 4) throw new Error("VAPID publicKey must be base64url of a 65-byte uncompressed P-256 point");
  if (fromBase64url(keys.privateKey).length !== 32) throw new Error("VAPID privateKey must be base64url of 32 bytes");
  const jwk = { kty: "EC", crv: "P-256", x: base64url(pub.subarray(1, 33)), y: base64url(pub.subarray(33)), d: keys.privateKey.replace(/=+$/, "") };
  return crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
}

/** Signs and caches VAPID headers for one key pair. */
export class VapidSigner {
  readonly #keys: VapidKeys;
  #key: Promise<WebCryptoKey> | undefined;
  readonly #tokens = new Map<string, { jwt: string; exp: number }>();

  constructor(keys: VapidKeys) {
    this.#keys = keys;
  }

  /**
   * The Authorization header value for a push to `endpoint` at `nowMs`.
   * @example await signer.authorization("https://fcm.googleapis.com/fcm/send/abc", Date.now()) // "vapid t=eyJ…, k=BP…"
   */
  async authorization(endpoint: string, nowMs: number): Promise<string> {
    const aud = new URL(endpoint).origin;
    const now = Math.floor(nowMs / 1000);
    let token = this.#tokens.get(aud);
    if (token === undefined || token.exp - RENEW_BEFORE_S <= now) {
      this.#key ??= importVapidKey(this.#keys);
      const exp = now + TOKEN_LIFETIME_S;
      token = { jwt: await signJwt("ES256", { aud, exp, sub: this.#keys.subject }, await this.#key), exp };
      this.#tokens.set(aud, token);
    }
    return `vapid t=${token.jwt}, k=${this.#keys.publicKey.replace(/=+$/, "")}`;
  }
}
