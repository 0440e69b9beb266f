/** SHA-256 as hex, for import ids, chunk keys and row keys (WebCrypto: Node and workerd). */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  let out = "";
  for (const byte of digest) out += HEX[byte] ?? "";
  return out;
}
