/**
 * Byte helpers for the channel adapters' crypto (Web Push, VAPID, JWTs, signatures): base64url,
 * UTF-8, hex and concatenation, with plain `Uint8Array`s so they work the same in workerd and Node.
 */

export type Bytes = Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. Pure. */
export function utf8(text: string): Bytes {
  // A copy: TextEncoder is typed as possibly shared memory under @types/node, WebCrypto wants ArrayBuffer.
  return Uint8Array.from(encoder.encode(text));
}

/** The string of UTF-8 bytes. Pure. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Unpadded base64url (RFC 4648 §5), as JWTs and Web Push keys use. Pure. */
export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Standard padded base64 (RFC 4648 §4). Pure. */
export function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * Decodes base64url or standard base64, padded or not (subscriptions arrive in either).
 * @throws Error naming the problem when the text is not base64
 */
export function fromBase64url(text: string): Bytes {
  const normal = text.trim().replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(normal) || normal.length % 4 === 1) throw new Error("not base64url");
  const binary = atob(normal + "=".repeat((4 - (normal.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Lower-case hex. Pure. */
export function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Joins byte arrays into a new one. Pure. */
export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A fresh copy as an ArrayBuffer-backed array (WebCrypto wants exactly that). Pure. */
export function bytes(view: ArrayBuffer | Uint8Array): Bytes {
  return view instanceof ArrayBuffer ? new Uint8Array(view.slice(0)) : new Uint8Array(view);
}

/** A WebCrypto key, named so it type-checks under both workers-types and @types/node (the bench). */
export type WebCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
