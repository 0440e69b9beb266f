/**
 * The `fetch_data` executor: performs the rendered request with a timeout, retries transient
 * failures in line a few times, caches GET answers briefly (same URL and headers), and returns
 * the JSON. A failure comes back as `{ ok: false, error }` for the engine's `on_error`, with the
 * DeliveryOutcome that says whether trying later could help.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { classifyAnswer, retryOutcome, type ClassifyRules } from "./classify.ts";
import { exchange } from "./http.ts";
import type { Runtime } from "./types.ts";
import { webhookProblem, type WebhookCall } from "./webhook.ts";

export interface FetchDataCall extends WebhookCall {
  timeoutMs: number;
}

export type FetchDataResult = { ok: true; data: unknown; cached: boolean } | { ok: false; error: string; outcome: DeliveryOutcome };

export interface FetchDataOptions {
  /** [=60000] 0 disables the cache. */
  cacheTtlMs?: number | undefined;
  /** [=2] */
  retries?: number | undefined;
}

/** Larger answers are refused: results are stored in the run. */
export const MAX_RESPONSE_CHARS = 256 * 1024;
/** Longest in-line wait between tries; a longer Retry-After ends the attempt. */
const MAX_INLINE_WAIT_MS = 2_000;

/** GET answers by method + URL + headers, expiring after their TTL; bounded. */
export class FetchDataCache {
  #entries = new Map<string, { data: unknown; expiresAt: number }>();
  readonly #max: number;

  constructor(max = 500) {
    this.#max = max;
  }

  get(key: string, now: number): { data: unknown } | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return { data: hit.data };
  }

  set(key: string, data: unknown, expiresAt: number): void {
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { data, expiresAt });
  }
}

const rules: ClassifyRules = { provider: "fetch_data" };

/** Fetches JSON for a `fetch_data` node. Never throws. */
export async function fetchData(call: FetchDataCall, options: FetchDataOptions, cache: FetchDataCache, rt: Runtime): Promise<FetchDataResult> {
  const problem = webhookProblem(call);
  if (problem !== undefined) return failure(`fetch_data: ${problem}`, { type: "failed", reason: `fetch_data: ${problem}` });
  const method = call.method.toUpperCase();
  const ttl = options.cacheTtlMs ?? 60_000;
  const cacheKey = method === "GET" && ttl > 0 ? `${call.url}\n${JSON.stringify(Object.entries(call.headers).sort())}` : undefined;
  const hit = cacheKey === undefined ? undefined : cache.get(cacheKey, rt.now());
  if (hit !== undefined) return { ok: true, data: hit.data, cached: true };
  const body = call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const headers = { accept: "application/json", ...(body !== undefined && typeof call.body !== "string" ? { "content-type": "application/json" } : {}), ...call.headers };
  const retries = options.retries ?? 2;
  // In-line retries back off briefly: the run is parked waiting for this answer.
  const inline: Runtime = { ...rt, retry: { baseMs: 250, capMs: MAX_INLINE_WAIT_MS } };
  for (let attempt = 0; ; attempt++) {
    const result = await exchange({ url: call.url, method, headers, ...(body !== undefined ? { body } : {}) }, rt, call.timeoutMs);
    const outcome = result.ok ? classifyAnswer(result.answer, rules, inline, { attempt }) : retryOutcome(`fetch_data ${result.reason}`, null, inline, attempt);
    if (outcome.type === "sent" && result.ok) {
      const parsed = parse(result.answer.text);
      if (!parsed.ok) return failure(`fetch_data: ${parsed.error}`, { type: "failed", reason: `fetch_data: ${parsed.error}` });
      if (cacheKey !== undefined) cache.set(cacheKey, parsed.data, rt.now() + ttl);
      return { ok: true, data: parsed.data, cached: false };
    }
    if (outcome.type !== "retry" || attempt >= retries || outcome.afterMs > MAX_INLINE_WAIT_MS) return failure(outcomeReason(outcome), outcome);
    await rt.sleep(outcome.afterMs);
  }
}

function parse(text: string): { ok: true; data: unknown } | { ok: false; error: string } {
  if (text.length > MAX_RESPONSE_CHARS) return { ok: false, error: `response is larger than ${MAX_RESPONSE_CHARS} characters` };
  if (text.trim() === "") return { ok: true, data: null };
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch {
    return { ok: false, error: "response is not JSON" };
  }
}

function outcomeReason(outcome: DeliveryOutcome): string {
  return outcome.type === "sent" ? "sent" : outcome.reason;
}

function failure(error: string, outcome: DeliveryOutcome): FetchDataResult {
  return { ok: false, error, outcome };
}
