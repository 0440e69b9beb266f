/**
 * Exponential backoff for outbox retries. Pure.
 *
 * @param attempt - failures so far, 1 for the first
 * @param [opts.baseMs=1000] - delay after the first failure
 * @param [opts.capMs=600000] - the longest delay (10 minutes)
 * @returns milliseconds to wait: base, 2·base, 4·base … capped
 */
export function backoff(attempt: number, opts: { baseMs?: number; capMs?: number } = {}): number {
  const base = opts.baseMs ?? 1000;
  const cap = opts.capMs ?? 600_000;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(cap, base * 2 ** exponent);
}
