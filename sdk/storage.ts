/**
 * Small persistent key/value store for identity and feature flags: localStorage, with a
 * first-party cookie as the fallback (Safari private mode, storage blocked) for the keys that ask
 * for it. Never throws: storage failures only cost persistence.
 */
const PREFIX = "nudge_";

/** Reads `key` from localStorage, else from the cookie of the same name. */
export function getItem(key: string): string | null {
  try {
    const v = localStorage.getItem(PREFIX + key);
    if (v !== null) return v;
  } catch {
    /* storage blocked: fall through to the cookie */
  }
  const m = document.cookie.match(new RegExp(`(?:^|; )${PREFIX}${key}=([^;]*)`));
  return m ? decodeURIComponent(m[1]!) : null;
}

/**
 * Writes (or with `null`, removes) `key`. With `cookie`, also mirrors it into a one-year,
 * SameSite=Lax cookie so the value outlives a cleared localStorage.
 */
export function setItem(key: string, value: string | null, cookie = false): void {
  try {
    if (value === null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch {
    /* storage blocked: the cookie (if asked for) still keeps it */
  }
  if (cookie) {
    const v = value === null ? ";max-age=0" : `${encodeURIComponent(value)};max-age=31536000`;
    document.cookie = `${PREFIX}${key}=${v};path=/;SameSite=Lax`;
  }
}

/** Reads a JSON value written by `setJson`, or `fallback` when absent or corrupt. */
export function getJson<T>(key: string, fallback: T): T {
  try {
    const v = getItem(key);
    return v === null ? fallback : JSON.parse(v);
  } catch {
    return fallback;
  }
}

export const setJson = (key: string, value: unknown): void => setItem(key, JSON.stringify(value));
