/**
 * The app's error handler: anything thrown becomes the JSON error shape. `HttpError`s keep their
 * status and code; hono's `HTTPException`s keep their status; everything else is logged and
 * answered with a bare 500 that leaks no internals.
 */
import type { ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { HttpError, errorBody } from "../http/errors.ts";
import type { AppEnv } from "../http/app-env.ts";

export interface JsonErrorsOptions {
  /** Where unexpected errors are reported. @default console.error */
  log?: (message: string, error: unknown) => void;
}

/**
 * @example app.onError(jsonErrors())
 */
export function jsonErrors(options: JsonErrorsOptions = {}): ErrorHandler<AppEnv> {
  const log = options.log ?? ((message, error) => console.error(message, error));
  return function jsonErrorHandler(err, c) {
    if (err instanceof HttpError) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json(err.body(), err.status);
    }
    if (err instanceof HTTPException) {
      return c.json(errorBody("http_error", err.message || "Request failed"), err.status);
    }
    log(`[nudge] ${c.req.method} ${c.req.path} failed`, err);
    return c.json(errorBody("internal", "Internal error; the request was not completed. Try again."), 500);
  };
}
