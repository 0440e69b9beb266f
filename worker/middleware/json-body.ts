/**
 * Reads the JSON body once, under a size limit, and puts it on the context (`c.get("body")`).
 * 413 past the limit (counted while streaming), 400 for an empty or malformed body.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { readJson } from "../http/read-json.ts";

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes. @default 32768 (Segment's per-event limit) */
  maxBytes?: number;
}

/**
 * @example events.post("/batch", jsonBody({ maxBytes: BATCH_MAX_BYTES }), handler)
 */
export function jsonBody(options: JsonBodyOptions = {}): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? 32 * 1024;
  return async function jsonBodyMiddleware(c, next) {
    c.set("body", await readJson(c.req.raw, maxBytes));
    await next();
  };
}
