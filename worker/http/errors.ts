/**
 * The one error shape every route answers with: `{ error: { code, message, path? } }`.
 * Routes and middleware throw `HttpError`; the error handler turns it (and anything else thrown)
 * into that JSON, so callers always get a machine-readable code and a field path.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Body of every error response. `path` names the offending field, e.g. `"batch[3].event"`. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string; problems?: Problem[] };
}

/** One validation problem (journey/segment validators and zod issues both map to this). */
export interface Problem {
  path: string;
  code: string;
  message: string;
}

/** An error a route wants to answer with a specific status and code. */
export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly path: string | undefined;
  readonly problems: Problem[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { path?: string; problems?: Problem[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.path = extra.path;
    this.problems = extra.problems;
    this.headers = extra.headers;
  }

  /** The JSON body for this error. */
  body(): ErrorBody {
    const error: ErrorBody["error"] = { code: this.code, message: this.message };
    if (this.path !== undefined) error.path = this.path;
    if (this.problems !== undefined) error.problems = this.problems;
    return { error };
  }
}

/** Builds an error body without throwing (for per-item batch results and 404 handlers). */
export function errorBody(code: string, message: string, path?: string): ErrorBody {
  return { error: path === undefined ? { code, message } : { code, message, path } };
}
