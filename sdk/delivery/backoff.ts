/** Retry timing for event delivery. Pure: randomness and time come in as arguments. */

export interface BackoffOptions {
  /** Delay ceiling before jitter for the first retry. @default 1000 (ms) */
  minMs?: number;
  /** Ceiling for the exponential part. @default 60000 (ms) */
  maxMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
}

/** The longest a server's Retry-After may park delivery. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Delay before retry number `attempt` (1 = first retry): exponential growth capped at `maxMs`,
 * "equal jitter" in [base/2, base) from `random` ∈ [0, 1), and never sooner than the server's
 * `retryAfterMs` (itself capped at one hour).
 * @example backoff(1, 0) // 500
 * @example backoff(3, 0.5, {}, 10_000) // 10000: Retry-After wins over 3000
 */
export function backoff(attempt: number, random: number, o: BackoffOptions = {}, retryAfterMs = 0): number {
  const { minMs = 1000, maxMs = 60_000, factor = 2 } = o;
  const base = Math.min(maxMs, minMs * factor ** Math.max(0, attempt - 1));
  const jittered = Math.round(base / 2 + (random * base) / 2);
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/**
 * Parses a Retry-After header (delta-seconds or an HTTP date) into milliseconds from `now`;
 * 0 when absent or unparseable.
 */
export function parseRetryAfter(value: string | null, now: number): number {
  if (!value) return 0;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}
