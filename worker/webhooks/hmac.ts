/** HMAC and digests with WebCrypto (workerd and Node alike), for webhook signatures and tokens. */
import { utf8, type Bytes } from "./bytes.ts";

/** HMAC of `data` with `key` (raw bytes, or a string taken as UTF-8). */
export async function hmac(hash: "SHA-1" | "SHA-256", key: Bytes | string, data: Bytes | string): Promise<Bytes> {
  const raw = typeof key === "string" ? utf8(key) : key;
  const cryptoKey = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", cryptoKey, typeof data === "string" ? utf8(data) : data);
  return new Uint8Array(mac);
}

/** SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256(text: string): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(text)));
}
