/**
 * `userHash` = hex HMAC-SHA256(userId, secret): what a site's server computes for its signed-in
 * user and passes to the browser SDK (`nudge.identify(userId, traits, { userHash })`).
 *
 * @example
 * // Node, on your server:
 * createHmac("sha256", secret).update(userId).digest("hex")
 */

/** Imported keys by secret (settled values only: a pending promise must not cross requests). */
const keys = new Map<string, CryptoKey>();

async function hmacKey(secret: string): Promise<CryptoKey> {
  const cached = keys.get(secret);
  if (cached !== undefined) return cached;
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  if (keys.size > 100) keys.clear();
  keys.set(secret, key);
  return key;
}

/** The expected hash of `userId`, lower-case hex. */
export async function computeUserHash(userId: string, secret: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(userId));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** True when `given` is the hash of `userId` (case-insensitive hex; compared in constant time). */
export async function isValidUserHash(userId: string, given: unknown, secret: string): Promise<boolean> {
  if (typeof given !== "string" || given.length !== 64) return false;
  const expected = new TextEncoder().encode(await computeUserHash(userId, secret));
  return crypto.subtle.timingSafeEqual(expected, new TextEncoder().encode(given.toLowerCase()));
}
