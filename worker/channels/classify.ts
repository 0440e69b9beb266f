/**
 * Turns a provider's HTTP answer into a DeliveryOutcome, the same way for every adapter:
 * 2xx sent · 400/422 (and other 4xx) failed with the provider's message · 401/403 failed
 * "credentials" · 404/410 unreachable where the adapter says so (push) · 408/425/429 and 5xx
 * retry, honouring Retry-After, else backing off.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { backoffMs, retryAfterMs } from "./retry-after.ts";
import type { HttpAnswer, Runtime, SendContext } from "./types.ts";

export interface ClassifyRules {
  /** Names the provider in reasons ("resend 422: …"). */
  provider: string;
  /** The provider's message id from a 2xx answer. */
  providerId?: (answer: HttpAnswer) => string | undefined;
  /** The provider's error message from an error answer. */
  errorMessage?: (answer: HttpAnswer) => string | undefined;
  /** Checked first: provider-specific codes (e.g. an unsubscribed recipient) decide alone. */
  special?: (answer: HttpAnswer) => DeliveryOutcome | undefined;
  /** 404 and 410 mean the address is dead (push endpoints, device tokens). */
  goneIsUnreachable?: boolean;
}

const RETRY_STATUSES = new Set([408, 425, 429]);

/** Classifies `answer` by `rules`. Pure given `rt.random`. */
export function classifyAnswer(answer: HttpAnswer, rules: ClassifyRules, rt: Runtime, ctx: Pick<SendContext, "attempt">): DeliveryOutcome {
  const special = rules.special?.(answer);
  if (special !== undefined) return special;
  const { status } = answer;
  if (status >= 200 && status < 300) {
    const providerId = rules.providerId?.(answer);
    return providerId === undefined ? { type: "sent" } : { type: "sent", providerId };
  }
  const message = rules.errorMessage?.(answer) ?? fallbackMessage(answer);
  const what = `${rules.provider} ${status}${message === "" ? "" : `: ${message}`}`;
  if (status === 401 || status === 403) return { type: "failed", reason: `credentials: ${what}` };
  if ((status === 404 || status === 410) && rules.goneIsUnreachable === true) return { type: "unreachable", reason: what };
  if (RETRY_STATUSES.has(status) || status >= 500) return retryOutcome(what, answer.headers.get("retry-after"), rt, ctx.attempt);
  return { type: "failed", reason: what };
}

/** A retry outcome: after Retry-After when the provider sent one, else after a backoff. */
export function retryOutcome(reason: string, retryAfter: string | null, rt: Runtime, attempt: number): DeliveryOutcome {
  const after = retryAfterMs(retryAfter, rt.now());
  return { type: "retry", afterMs: after ?? backoffMs(attempt, rt.retry, rt.random), reason };
}

/** A short excerpt of a non-JSON error body. */
function fallbackMessage(answer: HttpAnswer): string {
  return answer.text.trim().slice(0, 200);
}

/** Reads `obj.a.b…` as a string when it is one (providers nest ids and messages). Pure. */
export function pick(obj: unknown, ...path: Array<string | number>): string | undefined {
  let at: unknown = obj;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = Reflect.get(at, key);
  }
  if (typeof at === "string") return at;
  if (typeof at === "number") return String(at);
  return undefined;
}
