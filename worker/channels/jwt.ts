/**
 * Compact JWS (RFC 7515) signing with WebCrypto, for the VAPID JWT (ES256) and the Google
 * service-account assertion (RS256). ES256 signatures from WebCrypto are already the raw r‖s form
 * JWS wants (RFC 7518 §3.4), so no DER conversion is needed.
 */
import { base64url, bytes, utf8, type WebCryptoKey } from "./bytes.ts";

export type JwtAlg = "ES256" | "RS256";

const SIGN_PARAMS: Record<JwtAlg, { name: string; hash?: string }> = {
  ES256: { name: "ECDSA", hash: "SHA-256" },
  RS256: { name: "RSASSA-PKCS1-v1_5" },
};

/**
 * Signs `claims` into a compact JWT with `key` (ECDSA P-256 for ES256, RSASSA-PKCS1-v1_5 SHA-256
 * for RS256). `extraHeader` adds header fields such as `kid`.
 * @example await signJwt("ES256", { aud: "https://push.example", exp: 1, sub: "mailto:a@b.c" }, key)
 */
export async function signJwt(alg: JwtAlg, claims: Record<string, unknown>, key: WebCryptoKey, extraHeader: Record<string, string> = {}): Promise<string> {
  const header = { typ: "JWT", alg, ...extraHeader };
  const input = `${base64url(utf8(JSON.stringify(header)))}.${base64url(utf8(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign(SIGN_PARAMS[alg], key, utf8(input));
  return `${input}.${base64url(bytes(signature))}`;
}
