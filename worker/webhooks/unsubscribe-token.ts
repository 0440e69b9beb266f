/**
 * Signed unsubscribe links: `GET|POST /v1/unsubscribe?token=…`. The token names the workspace,
 * user, channel and message, and carries an HMAC-SHA256 (base64url) so it cannot be forged or
 * edited to unsubscribe someone else. Tokens do not expire (a link in an old e-mail must keep
 * working), but carry their issue time for the log.
 *
 * Format: `u1.<base64url JSON {w,u,c,k,iat}>.<base64url HMAC-SHA256(secret, "u1.<payload>")>`.
 */
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import { base64url, fromBase64, fromUtf8, timingSafeEqual, utf8 } from "./bytes.ts";
import { hmac } from "./hmac.ts";

/** Channels a link can unsubscribe from. */
export type UnsubscribeChannel = "email" | "sms" | "whatsapp";

function isUnsubscribeChannel(value: unknown): value is UnsubscribeChannel {
  return value === "email" || value === "sms" || value === "whatsapp";
}

export interface UnsubscribeClaims {
  workspace: string;
  userId: string;
  channel: UnsubscribeChannel;
  /** The send the link was in (its idempotency key). */
  messageKey: string;
  /** When the token was made, epoch ms (whole seconds). */
  issuedAt: number;
}

export type UnsubscribeVerification = { ok: true; claims: UnsubscribeClaims } | { ok: false; reason: string };

const VERSION = "u1";

/**
 * A token for an unsubscribe link.
 * @param [claims.issuedAt=Date.now()]
 * @example await createUnsubscribeToken({ workspace: "demo", userId: "u1", channel: "email", messageKey: "cart:4:2" }, secret)
 */
export async function createUnsubscribeToken(claims: Omit<UnsubscribeClaims, "issuedAt"> & { issuedAt?: number }, secret: string): Promise<string> {
  const iat = Math.floor((claims.issuedAt ?? Date.now()) / 1000);
  const payload = base64url(utf8(JSON.stringify({ w: claims.workspace, u: claims.userId, c: claims.channel, k: claims.messageKey, iat })));
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${base64url(await hmac("SHA-256", secret, signed))}`;
}

function split(token: string): { signed: string; payload: string; mac: string } | null {
  const parts = typeof token === "string" ? token.split(".") : [];
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, payload = "", mac = ""] = parts;
  return { signed: `${VERSION}.${payload}`, payload, mac };
}

function decodeClaims(payload: string): UnsubscribeClaims | null {
  const bytes = fromBase64(payload);
  const json = bytes === null ? null : fromUtf8(bytes);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { w, u, c, k, iat } = Object.fromEntries(Object.entries(value));
  if (typeof w !== "string" || typeof u !== "string" || typeof k !== "string" || typeof iat !== "number") return null;
  if (!isUnsubscribeChannel(c)) return null;
  return { workspace: w, userId: u, channel: c, messageKey: k, issuedAt: iat * 1000 };
}

/**
 * The workspace a token claims, before verification, so the route can load that workspace's
 * secret. Never trust anything else from an unverified token.
 */
export function unsubscribeTokenWorkspace(token: string): string | null {
  const parts = split(token);
  return parts === null ? null : (decodeClaims(parts.payload)?.workspace ?? null);
}

/** Checks a token's signature and returns its claims, or why it is rejected. Never throws. */
export async function verifyUnsubscribeToken(token: string, secret: string): Promise<UnsubscribeVerification> {
  const parts = split(token);
  if (parts === null) return { ok: false, reason: "not an unsubscribe token (expected u1.<payload>.<signature>)" };
  const given = fromBase64(parts.mac);
  if (given === null || !timingSafeEqual(given, await hmac("SHA-256", secret, parts.signed))) {
    return { ok: false, reason: "unsubscribe token signature does not match (edited or forged link)" };
  }
  const claims = decodeClaims(parts.payload);
  if (claims === null) return { ok: false, reason: "unsubscribe token payload is malformed" };
  return { ok: true, claims };
}

/** The engagement signal for a verified unsubscribe (the same path as a provider's unsubscribe). */
export function unsubscribeSignal(claims: UnsubscribeClaims, at: number): EngagementSignal {
  return {
    channel: claims.channel,
    type: "unsubscribed",
    at,
    source: "unsubscribe_link",
    id: `unsubscribe:${claims.channel}:${claims.messageKey}`,
    userId: claims.userId,
    messageKey: claims.messageKey,
  };
}

/** The link to put in a message: `${baseUrl}/v1/unsubscribe?token=…`. */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/v1/unsubscribe?token=${encodeURIComponent(token)}`;
}

/**
 * E-mail headers for one-click unsubscribe (RFC 8058, required by Gmail and Yahoo for bulk mail):
 * mail clients POST `List-Unsubscribe=One-Click` to the URL.
 */
export function listUnsubscribeHeaders(url: string): Record<"List-Unsubscribe" | "List-Unsubscribe-Post", string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
