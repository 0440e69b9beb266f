/**
 * Content hashes for catalog documents: the same JSON value (whatever its key order) always gets
 * the same hash, so re-publishing an unchanged journey is recognised and creates no new version.
 */

/** JSON with object keys sorted at every level. Pure. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(Reflect.get(value, key));
  return out;
}

/** Hex SHA-256 of the canonical JSON of `value`. */
export async function contentHash(value: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonicalJson(value)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
