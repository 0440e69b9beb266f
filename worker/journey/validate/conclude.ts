/**
 * The end of every validation: merge the schema's problems with the validator's own checks into
 * one list, and never let anything escape as an exception.
 */
import type { z } from "zod";
import type { Problem, Validated } from "./problem.ts";
import { zodProblems, type ZodContext } from "./zod-problems.ts";

/**
 * Codes of semantic checks that restate a schema rule in a marketer's words (a split needs two
 * branches, weights above zero, event names not empty): at the same path they replace the
 * schema's wording instead of repeating it.
 */
const RESTATED = new Set(["split_needs_branches", "split_weight", "empty_event_name"]);

/**
 * The verdict from a schema parse and the semantic problems found, in that order; exact repeats
 * are dropped. Never `ok` while either side found something.
 */
export function conclude<T>(parsed: z.ZodSafeParseResult<T>, context: ZodContext, semantic: readonly Problem[]): Validated<T> {
  const claimed = new Set(semantic.filter((problem) => RESTATED.has(problem.code)).map((problem) => problem.path));
  const fromSchema = parsed.success ? [] : zodProblems(parsed.error.issues, context).filter((problem) => !claimed.has(problem.path));
  const problems = unique([...fromSchema, ...semantic]);
  if (problems.length > 0) return { ok: false, problems };
  if (parsed.success) return { ok: true, value: parsed.data };
  // The schema failed where only skipped checks looked and they found nothing: report it raw.
  return { ok: false, problems: zodProblems(parsed.error.issues, { ...context, skip: [] }) };
}

/** Runs a validation; an exception (a throwing getter, a hostile proxy) becomes one problem. */
export function safely<T>(subject: string, run: () => Validated<T>): Validated<T> {
  try {
    return run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unexpected value";
    return { ok: false, problems: [{ path: "", code: "unreadable", message: `this ${subject} could not be read as JSON data (${reason})` }] };
  }
}

function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\u0000${problem.code}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
