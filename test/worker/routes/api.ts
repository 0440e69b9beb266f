/** Test helper: calls the Worker's fetch handler the way a client would (real workerd). */
import { exports } from "cloudflare:workers";
import { vi } from "vitest";

// The first request of a file loads and compiles the whole Worker inside workerd, which takes
// seconds on a busy 2-core machine; the default 5 s budget is too tight for that one.
vi.setConfig({ testTimeout: 30_000 });

export const WRITE_KEY = "wk_dev";
export const SECRET_KEY = "sk_dev";

export interface CallOptions {
  /** JSON body, or a raw string sent as is. */
  body?: unknown;
  /** "basic:<key>", "bearer:<key>", or none. */
  auth?: `basic:${string}` | `bearer:${string}`;
  headers?: Record<string, string>;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a request and parses the JSON answer (null for an empty body). */
export async function call<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.auth !== undefined) {
    const [scheme, key] = options.auth.split(/:(.*)/s, 2);
    headers["authorization"] = scheme === "basic" ? `Basic ${btoa(`${key}:`)}` : `Bearer ${key}`;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await exports.default.fetch(`http://nudge.test${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const parsed: T = text === "" ? null : JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Admin call with the secret key as a Bearer token. */
export function admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  return call<T>(method, `/v1/admin${path}`, { auth: `bearer:${SECRET_KEY}`, ...(body === undefined ? {} : { body }) });
}

/** Event call with the write key as the Basic user name (as Segment's libraries send it). */
export function send<T = Record<string, unknown>>(path: string, body: unknown): Promise<ApiResponse<T>> {
  return call<T>("POST", `/v1${path}`, { auth: `basic:${WRITE_KEY}`, body });
}
