/**
 * Request validation: parse a value with one zod schema and throw a 400 `HttpError` naming the
 * first bad field (and listing every problem), so routes stay one line per input.
 */
import type { z } from "zod";
import { HttpError, type Problem } from "./errors.ts";
import { zodProblems } from "./zod-problems.ts";

/**
 * Parses `value` with `schema`, or throws 400 `invalid_request` (see `invalidRequest`).
 * @example const body = parseOrThrow(EnterJourney, c.get("body"));
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(zodProblems(result.error, prefix));
}

/**
 * A 400 whose `path` and message are the first problem's and whose `problems` lists them all.
 * @param [code="invalid_request"]
 */
export function invalidRequest(problems: Problem[], code = "invalid_request"): HttpError {
  const first = problems[0];
  const where = first !== undefined && first.path !== "" ? `${first.path}: ` : "";
  return new HttpError(400, code, `${where}${first?.message ?? "invalid input"}`, {
    ...(first !== undefined && first.path !== "" ? { path: first.path } : {}),
    problems,
  });
}
