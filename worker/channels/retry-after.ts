/**
 * Retry timing: the `Retry-After` header (RFC 9110 §10.2.3) and exponential backoff with jitter.
 */
import type { RetryPolicy } from "./types.ts";

/** The longest wait a provider's Retry-After may impose on us. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * Milliseconds to wait from a Retry-After value: delay-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"); undefined when absent or unreadable. Pure.
 * @example retryAfterMs("120", 0) // 120000
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // HTTP-dates (IMF-fixdate and the obsolete forms) all name a month; Date.parse alone accepts "1.5".
  const at = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so many users'
 * retries after one outage do not hit the provider at the same instant. Pure given `random`.
 * @param attempt - tries before this one (0 on the first)
 * @example backoffMs(0, { baseMs: 5000, capMs: 3600000 }, () => 0) // 2500
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(full / 2 + (full / 2) * random());
}
