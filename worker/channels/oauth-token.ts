/**
 * OAuth 2.0 token requests to Google's token endpoint: the service-account JWT bearer grant
 * (RFC 7523, for FCM) and the refresh-token grant (for Google Ads). Never throw.
 * Docs: https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
import { pick } from "./classify.ts";
import { exchange } from "./http.ts";
import { signJwt } from "./jwt.ts";
import { importRs256Key } from "./pem.ts";
import type { ServiceAccount } from "./settings.ts";
import type { TokenResult } from "./token-cache.ts";
import type { Runtime } from "./types.ts";

export const GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/**
 * The signed assertion a service account exchanges for an access token: RS256 over
 * { iss: client_email, scope, aud: tokenUri, iat, exp: iat + 1 h }, `kid` = private_key_id.
 */
export async function serviceAccountAssertion(account: ServiceAccount, scope: string, tokenUri: string, nowMs: number): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const key = await importRs256Key(account.private_key);
  const kid: Record<string, string> = account.private_key_id !== undefined ? { kid: account.private_key_id } : {};
  return signJwt("RS256", { iss: account.client_email, scope, aud: tokenUri, iat, exp: iat + 3600 }, key, kid);
}

/** Exchanges a service-account assertion for an access token. */
export async function serviceAccountToken(account: ServiceAccount, scope: string, tokenUri: string, rt: Runtime): Promise<TokenResult> {
  const assertion = await serviceAccountAssertion(account, scope, tokenUri, rt.now());
  return requestToken(tokenUri, new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion }), rt);
}

/** Exchanges a refresh token for an access token. */
export function refreshToken(creds: { clientId: string; clientSecret: string; refreshToken: string }, tokenUri: string, rt: Runtime): Promise<TokenResult> {
  const form = new URLSearchParams({ grant_type: "refresh_token", client_id: creds.clientId, client_secret: creds.clientSecret, refresh_token: creds.refreshToken });
  return requestToken(tokenUri, form, rt);
}

/** POSTs a token request and reads `{ access_token, expires_in }`. */
export async function requestToken(tokenUri: string, form: URLSearchParams, rt: Runtime): Promise<TokenResult> {
  const result = await exchange(
    { url: tokenUri, method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body: form.toString() },
    rt,
  );
  if (!result.ok) return { ok: false, error: { kind: "transient", reason: `token endpoint ${result.reason}` } };
  const { status, json, headers } = result.answer;
  const token = pick(json, "access_token");
  if (status === 200 && token !== undefined) {
    const expiresIn = Number(pick(json, "expires_in") ?? "3600");
    return { ok: true, token: { token, expiresAt: rt.now() + (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 } };
  }
  const why = [pick(json, "error"), pick(json, "error_description")].filter((s) => s !== undefined).join(": ");
  const reason = `token endpoint ${status}${why === "" ? "" : `: ${why}`}`;
  if (status === 429 || status >= 500) return { ok: false, error: { kind: "transient", reason, retryAfter: headers.get("retry-after") } };
  return { ok: false, error: { kind: "credentials", reason } };
}
