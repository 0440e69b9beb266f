/**
 * Turns zod issues into `Problem`s with JSON-ish paths (`batch[3].event`, `traits.email`), so
 * every validation error names the field the caller got wrong.
 */
import type { z } from "zod";
import type { Problem } from "./errors.ts";

/** Formats a path as `a.b[2].c`; `prefix` is prepended (e.g. `"batch[3]"`). Pure. */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ""): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Every issue of a failed parse, in zod's order. Pure. */
export function zodProblems(error: z.ZodError, prefix = ""): Problem[] {
  return error.issues.map((issue) => ({
    path: formatPath(issue.path, prefix),
    code: issue.code,
    message: issue.message,
  }));
}
