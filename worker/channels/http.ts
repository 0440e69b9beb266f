/**
 * Sends one provider request with a timeout (AbortController) and classifies the answer.
 * Timeouts and network errors are transient: they become retry outcomes with backoff.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { classifyAnswer, retryOutcome, type ClassifyRules } from "./classify.ts";
import type { HttpAnswer, HttpRequest, Runtime, SendContext } from "./types.ts";

export type Exchange = { ok: true; answer: HttpAnswer } | { ok: false; reason: string };

/** Performs `request`; never throws. A failure to get any answer is `{ ok: false, reason }`. */
export async function exchange(request: HttpRequest, rt: Runtime, timeoutMs = rt.timeoutMs): Promise<Exchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await rt.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: controller.signal,
    });
    const text = await response.text();
    return { ok: true, answer: { status: response.status, headers: response.headers, text, json: parseJson(text) } };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: `timeout after ${timeoutMs} ms` };
    return { ok: false, reason: `network error: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Performs `request` and classifies the answer by `rules`; never throws. */
export async function send(request: HttpRequest, rules: ClassifyRules, rt: Runtime, ctx: SendContext): Promise<DeliveryOutcome> {
  const result = await exchange(request, rt);
  if (!result.ok) return retryOutcome(`${rules.provider} ${result.reason}`, null, rt, ctx.attempt);
  return classifyAnswer(result.answer, rules, rt, ctx);
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
