/**
 * Secrets in settings never leave through the admin API: `maskSecrets` replaces every secret
 * field (API keys, tokens, private keys, passwords, signing secrets; not public keys) with
 * `"••••" + its last 4 characters`. A client that GETs, edits and PUTs the settings back sends the
 * masks unchanged; `unmaskSecrets` puts the stored values back in their place. Pure.
 */

export const MASK = "••••";

const SECRET_FIELD = /key|token|secret|password/i;
const PUBLIC_FIELD = /^public_?key$/i;

function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name) && !PUBLIC_FIELD.test(name);
}

/** The mask of one secret value. */
export function maskValue(value: string): string {
  return value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK;
}

/** A copy of `value` with every secret string masked (objects nested in a secret field are masked whole). */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    if (isSecretField(name) && typeof inner === "string") out[name] = maskValue(inner);
    else if (isSecretField(name) && typeof inner === "object" && inner !== null) out[name] = MASK;
    else out[name] = maskSecrets(inner);
  }
  return out;
}

/** `incoming` with masks that match `stored`'s value at the same place replaced by that value. */
export function unmaskSecrets(incoming: unknown, stored: unknown): unknown {
  if (typeof incoming === "string") {
    if (!incoming.startsWith(MASK)) return incoming;
    if (typeof stored === "string" && maskValue(stored) === incoming) return stored;
    if (typeof stored === "object" && stored !== null && incoming === MASK) return stored;
    return incoming;
  }
  if (Array.isArray(incoming)) return incoming.map((item, i) => unmaskSecrets(item, Array.isArray(stored) ? stored[i] : undefined));
  if (typeof incoming !== "object" || incoming === null) return incoming;
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(incoming)) {
    out[name] = unmaskSecrets(inner, typeof stored === "object" && stored !== null ? Reflect.get(stored, name) : undefined);
  }
  return out;
}

/** True when a masked value is still in `value` (the client sent a mask that matches nothing stored). */
export function hasMask(value: unknown): boolean {
  if (typeof value === "string") return value.startsWith(MASK);
  if (Array.isArray(value)) return value.some(hasMask);
  if (typeof value === "object" && value !== null) return Object.values(value).some(hasMask);
  return false;
}
