/**
 * One outgoing HTTP request with a deadline (AbortController), classified the way the outbox
 * needs: 2xx ok; 408/429/5xx/network/timeout transient (with Retry-After); other 4xx permanent.
 * Used by webhooks and fetch_data. URL, headers and body are sent as the journey gives them
 * (Liquid rendering is the channels layer's job).
 */
export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export type HttpResult =
  | { type: "ok"; status: number; body: unknown }
  | { type: "transient"; reason: string; retryAfterMs: number | null }
  | { type: "permanent"; reason: string };

/** Largest response body kept (it is stored in the run as `data.*`). */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export async function httpRequest(request: HttpRequest, fetchFn: typeof fetch): Promise<HttpResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { type: "permanent", reason: `invalid URL ${JSON.stringify(request.url.slice(0, 200))}` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { type: "permanent", reason: `unsupported URL scheme ${url.protocol}` };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    const hasBody = request.body !== undefined && request.method !== "GET";
    const headers = new Headers(request.headers);
    if (hasBody && !headers.has("content-type")) headers.set("content-type", "application/json");
    const init: RequestInit = { method: request.method, headers, signal: controller.signal };
    if (hasBody) init.body = typeof request.body === "string" ? request.body : JSON.stringify(request.body);
    const response = await fetchFn(url.toString(), init);
    const text = await response.text();
    if (response.ok) {
      if (text.length > MAX_RESPONSE_BYTES) return { type: "permanent", reason: `response larger than ${MAX_RESPONSE_BYTES} bytes` };
      return { type: "ok", status: response.status, body: parseBody(text, response.headers.get("content-type")) };
    }
    const reason = `HTTP ${response.status}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      return { type: "transient", reason, retryAfterMs: retryAfter(response.headers.get("retry-after")) };
    }
    return { type: "permanent", reason };
  } catch (error) {
    const reason = controller.signal.aborted ? `timed out after ${request.timeoutMs} ms` : `network error: ${error instanceof Error ? error.message : String(error)}`;
    return { type: "transient", reason, retryAfterMs: null };
  } finally {
    clearTimeout(timer);
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === "") return null;
  if (contentType?.includes("json")) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Retry-After in seconds or as an HTTP date → milliseconds, or null. */
function retryAfter(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
