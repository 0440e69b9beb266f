/**
 * Explains a failed plain union (not a node/trigger `type` switch, not a filter: those have their
 * own wording). Zod reports every alternative's failures; we keep only the alternatives whose
 * shape the input actually has, so "reentry": { "after": "0x" } blames `after`, not the strings.
 */
import { show } from "./messages.ts";
import { joinPath, valueAt } from "./path.ts";
import type { Problem } from "./problem.ts";
import type { Issue, ZodContext } from "./zod-problems.ts";

type UnionIssue = Extract<Issue, { code: "invalid_union" }>;
type Convert = (issue: Issue, base: readonly PropertyKey[], context: ZodContext) => Problem[];

/** How each union-typed field reads, by field name, when no single alternative fits. */
const FORMS: Record<string, string> = {
  reentry: '"never", "always" or { "after": "7d" }',
  date: 'an ISO date ("2025-03-01"), an ISO date-time ("2025-03-01T09:00:00Z") or { "attribute": "emi_due_date", "offset": "-10d" }',
  increment: 'a number, or a signed duration such as "30d" (for date attributes)',
};

/** The full list of forms a union-typed field accepts, when it has one (`reentry`, `date`, `increment`). */
export function unionForm(path: readonly PropertyKey[]): string | undefined {
  const name = path[path.length - 1];
  return typeof name === "string" && Object.hasOwn(FORMS, name) ? FORMS[name] : undefined;
}

/** Problems for a union issue at `path`: the one alternative the input resembles, else one summary problem. */
export function unionProblems(issue: UnionIssue, path: readonly PropertyKey[], context: ZodContext, convert: Convert): Problem[] {
  const value = valueAt(context.root, path);
  const plausible = issue.errors.filter((branch) => !branch.some((sub) => isShapeMismatch(sub, value)));
  const name = path[path.length - 1];
  const form = unionForm(path);
  const [only] = plausible;
  // One alternative fits the input's shape: its own problems say exactly what is wrong inside,
  // unless they are about the value as a whole, where the field's full list of forms reads better.
  const wholeValue = only !== undefined && only.every((sub) => sub.path.length === 0);
  if (only !== undefined && plausible.length === 1 && !(wholeValue && form !== undefined)) {
    return only.flatMap((sub) => convert(sub, path, context));
  }
  const what = typeof name === "string" ? `"${name}"` : "this value";
  return [{ path: joinPath(path), code: "invalid_value", message: `${what} must be ${form ?? "one of the allowed forms"}, not ${show(value)}` }];
}

/** The alternative wants a different kind of value altogether (text vs object, unknown keys, ...). */
function isShapeMismatch(issue: Issue, value: unknown): boolean {
  if (issue.path.length > 0) return false;
  switch (issue.code) {
    case "invalid_type":
    case "unrecognized_keys":
      return true;
    case "invalid_value":
      return !issue.values.some((allowed) => typeof allowed === typeof value);
    case "invalid_union":
      return issue.errors.length > 0 && issue.errors.every((branch) => branch.some((sub) => isShapeMismatch(sub, value)));
    default:
      return false;
  }
}
