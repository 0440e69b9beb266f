/**
 * Outgoing webhooks from `webhook` nodes: the rendered method, URL, headers and body, signed so
 * the receiver can trust them. Headers added: `X-Nudge-Timestamp` (unix seconds),
 * `X-Nudge-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` (when a secret is
 * configured) and `Idempotency-Key` (the same on every retry of one effect).
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import { bytes, hex, utf8 } from "./bytes.ts";
import type { ClassifyRules } from "./classify.ts";
import { send } from "./http.ts";
import type { HttpRequest, Runtime, SendContext } from "./types.ts";

/** A webhook after Liquid rendering. */
export interface WebhookCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** A string is sent as is; anything else as JSON; absent, no body. */
  body?: unknown;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Why a rendered webhook cannot be sent (bad URL, method or header), else undefined. Pure. */
export function webhookProblem(call: WebhookCall): string | undefined {
  let url: URL;
  try {
    url = new URL(call.url);
  } catch {
    return `url is not a URL: ${JSON.stringify(call.url.slice(0, 200))}`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `url must be http(s), not ${url.protocol}`;
  if (!TOKEN.test(call.method)) return `method is not an HTTP method: ${JSON.stringify(call.method)}`;
  for (const [name, value] of Object.entries(call.headers)) {
    if (!TOKEN.test(name)) return `header name is invalid: ${JSON.stringify(name)}`;
    if (/[\r\n\0]/.test(value)) return `header ${name} contains a line break`;
  }
  return undefined;
}

/** HMAC-SHA256 of `${timestamp}.${body}` as lower-case hex. */
export async function webhookSignature(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", utf8(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return hex(bytes(await crypto.subtle.sign("HMAC", key, utf8(`${timestamp}.${body}`))));
}

/** The signed request for a rendered webhook. */
export async function webhookRequest(call: WebhookCall, secret: string | undefined, ctx: SendContext, nowMs: number): Promise<HttpRequest> {
  const body = call.body === undefined ? undefined : typeof call.body === "string" ? call.body : JSON.stringify(call.body);
  const timestamp = String(Math.floor(nowMs / 1000));
  const given = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const headers: Record<string, string> = {
    ...(body !== undefined ? { "content-type": typeof call.body === "string" ? "text/plain; charset=utf-8" : "application/json" } : {}),
    ...given,
    "idempotency-key": ctx.key,
    "x-nudge-timestamp": timestamp,
  };
  if (secret !== undefined) headers["x-nudge-signature"] = `sha256=${await webhookSignature(secret, timestamp, body ?? "")}`;
  return { url: call.url, method: call.method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) };
}

export const webhookRules: ClassifyRules = { provider: "webhook" };

/** Sends one webhook and classifies the answer. Never throws. */
export async function sendWebhook(call: WebhookCall, secret: string | undefined, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  const problem = webhookProblem(call);
  if (problem !== undefined) return { type: "failed", reason: `webhook: ${problem}` };
  return send(await webhookRequest(call, secret, ctx, rt.now()), webhookRules, rt, ctx);
}
