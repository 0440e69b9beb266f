/**
 * ECDSA P-256 / SHA-256 verification with WebCrypto for signatures in ASN.1 DER form (what
 * SendGrid, OpenSSL and Java emit). WebCrypto wants the raw `r || s` form instead, so the DER
 * `SEQUENCE { INTEGER r, INTEGER s }` is unpacked first.
 */
import { fromBase64, type Bytes } from "./bytes.ts";

const COORDINATE = 32;

/** Reads one DER length at `at`; [length, next offset] or null. */
function derLength(der: Uint8Array, at: number): [number, number] | null {
  const first = der[at];
  if (first === undefined) return null;
  if (first < 0x80) return [first, at + 1];
  if (first === 0x81) {
    const n = der[at + 1];
    return n === undefined ? null : [n, at + 2];
  }
  return null;
}

function derInteger(der: Uint8Array, at: number): [Uint8Array, number] | null {
  if (der[at] !== 0x02) return null;
  const len = derLength(der, at + 1);
  if (len === null) return null;
  const [length, start] = len;
  if (start + length > der.length) return null;
  let value = der.subarray(start, start + length);
  while (value.length > COORDINATE && value[0] === 0) value = value.subarray(1);
  if (value.length > COORDINATE) return null;
  return [value, start + length];
}

/** `r || s` (64 bytes) from a DER ECDSA P-256 signature, or null when it is not one. */
export function derToRaw(der: Uint8Array): Bytes | null {
  if (der[0] !== 0x30) return null;
  const seq = derLength(der, 1);
  if (seq === null || seq[1] + seq[0] !== der.length) return null;
  const r = derInteger(der, seq[1]);
  if (r === null) return null;
  const s = derInteger(der, r[1]);
  if (s === null || s[1] !== der.length) return null;
  const raw = new Uint8Array(2 * COORDINATE);
  raw.set(r[0], COORDINATE - r[0].length);
  raw.set(s[0], 2 * COORDINATE - s[0].length);
  return raw;
}

/** The DER bytes of a public key given as base64 (SendGrid's form) or PEM. */
export function spkiBytes(publicKey: string): Bytes | null {
  const body = publicKey.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, "").replace(/\s+/g, "");
  return fromBase64(body);
}

/** Imports a P-256 public key (SPKI DER) for verification, or null when it is not one. */
export async function importP256(spki: Bytes): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  } catch {
    return null;
  }
}

/** Verifies a DER signature over `data`. False for a malformed signature. */
export async function verifyDer(key: CryptoKey, derSignature: Uint8Array, data: Bytes): Promise<boolean> {
  const raw = derToRaw(derSignature);
  if (raw === null) return false;
  return crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, data);
}
