/**
 * HTTP to the Nudge API. Bodies are JSON sent as text/plain: a CORS "simple request", so no
 * preflight, and keepalive works cross-origin. Credentials are never sent (keys and ids are in
 * the body or query).
 */

/** POSTs `body` (a JSON string); 15 s timeout. */
export function post(url: string, body: string, keepalive = false): Promise<Response> {
  return fetch(url, { method: "POST", body, keepalive, credentials: "omit", signal: AbortSignal.timeout(15_000) });
}

/** GETs `url` with `query` appended (undefined values left out). */
export function get(url: string, query: Record<string, string | undefined>): Promise<Response> {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, v);
  return fetch(u, { credentials: "omit", signal: AbortSignal.timeout(15_000) });
}

/** 4xx other than 408/429 will never succeed on retry. */
export const isPermanent = (status: number): boolean => status >= 400 && status < 500 && status != 408 && status != 429;
