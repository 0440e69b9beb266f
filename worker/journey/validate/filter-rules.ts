/**
 * Checks filters (`where`) completely, in the validator's own words: their shape (one of
 * attribute/property/all/any/not), their ops, and whether each op's `value` can ever match
 * (`in` needs a list, `before` a date or "-30d", ...). Zod's report for a filter is a union
 * failure that names every alternative, so the validator drops it in favour of these.
 * Op meanings: worker/journey/filter/ops.ts.
 */
import { FILTER_OPS } from "../schema/filter.ts";
import { isComparable, toNumber } from "../filter/compare.ts";
import { parseDateValue, resolveRelative } from "../time/dates.ts";
import { didYouMean, kindOf, show } from "./messages.ts";
import { field, has, isRecord, joinPath } from "./path.ts";
import type { Problem } from "./problem.ts";

type Path = (string | number)[];

const KINDS = ["attribute", "property", "all", "any", "not"] as const;
const LEAF_FIELDS = ["op", "value"];
/** Filters nest a few levels in practice; the evaluator gives up at 32 as well. */
const MAX_DEPTH = 32;
const EXAMPLE = '{ "attribute": "plan", "op": "eq", "value": "pro" }';

/** Every problem of the filter written at `path` (the raw value found there). */
export function filterProblems(filter: unknown, path: Path, depth = 0): Problem[] {
  const at = joinPath(path);
  if (depth > MAX_DEPTH) return [{ path: at, code: "too_deep", message: `filters nest more than ${MAX_DEPTH} levels deep here` }];
  if (!isRecord(filter)) {
    return [{ path: at, code: "invalid_filter", message: `a filter must be an object such as ${EXAMPLE}, not ${kindOf(filter)}` }];
  }
  const kinds = KINDS.filter((kind) => has(filter, kind));
  const [kind] = kinds;
  if (kind === undefined) {
    const keys = Object.keys(filter);
    const seen = keys.length > 0 ? `; this one has ${keys.map((key) => `"${key}"`).join(", ")}` : "";
    return [{ path: at, code: "invalid_filter", message: `a filter needs "attribute" or "property" (with "op" and "value"), or one of "all", "any", "not"${seen}` }];
  }
  if (kinds.length > 1) {
    return [{ path: at, code: "invalid_filter", message: `a filter is exactly one of "attribute", "property", "all", "any" or "not"; this one has ${kinds.map((k) => `"${k}"`).join(" and ")}` }];
  }
  if (kind === "all" || kind === "any") return [...extraKeys(filter, [kind], path), ...listProblems(filter, kind, path, depth)];
  if (kind === "not") return [...extraKeys(filter, ["not"], path), ...filterProblems(field(filter, "not"), [...path, "not"], depth + 1)];
  return [...extraKeys(filter, [kind, ...LEAF_FIELDS], path), ...leafProblems(filter, kind, path)];
}

function listProblems(filter: Record<string, unknown>, kind: "all" | "any", path: Path, depth: number): Problem[] {
  const list = field(filter, kind);
  const at = joinPath([...path, kind]);
  if (!Array.isArray(list)) return [{ path: at, code: "invalid_type", message: `"${kind}" must be a list of filters, not ${kindOf(list)}` }];
  if (list.length === 0) return [{ path: at, code: "too_small", message: `"${kind}" needs at least one filter` }];
  return list.flatMap((child: unknown, index) => filterProblems(child, [...path, kind, index], depth + 1));
}

function leafProblems(leaf: Record<string, unknown>, kind: "attribute" | "property", path: Path): Problem[] {
  const name = field(leaf, kind);
  const problems: Problem[] = [];
  if (typeof name !== "string") {
    problems.push({ path: joinPath([...path, kind]), code: "invalid_type", message: `"${kind}" must be text (the ${kind} name), not ${kindOf(name)}` });
  } else if (name.trim() === "") {
    problems.push({ path: joinPath([...path, kind]), code: "too_small", message: `"${kind}" must name ${kind === "attribute" ? "a profile attribute" : "an event property"}; it is empty` });
  }
  const op = field(leaf, "op");
  if (op === undefined) {
    problems.push({ path: joinPath([...path, "op"]), code: "required", message: `a condition needs an "op": one of ${FILTER_OPS.join(", ")}` });
  } else if (!FILTER_OPS.some((known) => known === op)) {
    problems.push({ path: joinPath([...path, "op"]), code: "invalid_value", message: `unknown op ${show(op)}${didYouMean(op, FILTER_OPS)}; ops are: ${FILTER_OPS.join(", ")}` });
  } else {
    problems.push(...valueProblems(String(op), leaf, path));
  }
  return problems;
}

/** Whether `value` can ever make `op` true (see worker/journey/filter/ops.ts). */
function valueProblems(op: string, leaf: Record<string, unknown>, path: Path): Problem[] {
  const value = field(leaf, "value");
  const at = joinPath([...path, "value"]);
  const wrong = (wanted: string): Problem[] => [{ path: at, code: "invalid_filter_value", message: `op "${op}" needs ${wanted}, not ${show(value)}` }];
  const missing = (wanted: string): Problem[] => [{ path: at, code: "required", message: `op "${op}" needs a "value": ${wanted}` }];
  switch (op) {
    case "eq":
    case "neq":
    case "contains": {
      const wanted = "text, a number or true/false";
      if (!has(leaf, "value")) return missing(wanted);
      if (value === null) return wrong(`${wanted} (to test for a missing value use "not_exists")`);
      return isComparable(value) ? [] : wrong(wanted);
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const wanted = "a number or a date";
      if (!has(leaf, "value")) return missing(wanted);
      return toNumber(value) !== null || parseDateValue(value, "UTC") !== null ? [] : wrong(wanted);
    }
    case "in":
      if (!has(leaf, "value")) return missing("a list of values");
      return Array.isArray(value) ? [] : wrong("a list of values, e.g. [\"gold\", \"platinum\"]");
    case "before":
    case "after": {
      const wanted = 'a date ("2025-03-01"), a date-time, or a duration relative to now ("-30d")';
      if (!has(leaf, "value")) return missing(wanted);
      return resolveRelative(value, 0, "UTC") !== null ? [] : wrong(wanted);
    }
    case "is_today":
      return value === undefined || value === "anniversary" || value === "date" ? [] : wrong('"anniversary" (the default) or "date"');
    default:
      return [];
  }
}

function extraKeys(filter: Record<string, unknown>, allowed: readonly string[], path: Path): Problem[] {
  return Object.keys(filter)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({
      path: joinPath([...path, key]),
      code: "unknown_field",
      message: `unknown field "${key}" in a filter${didYouMean(key, allowed) || `; allowed here: ${allowed.join(", ")}`}`,
    }));
}
