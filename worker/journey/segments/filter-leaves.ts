/**
 * The leaf conditions of a filter, with `all`/`any`/`not` flattened, to the evaluator's depth
 * limit (a deeper or malformed node is false whatever the data, so it reads nothing). Pure.
 */
import type { Filter } from "../schema/filter.ts";

export type FilterLeaf = Extract<Filter, { op: unknown }>;

/**
 * @example filterLeaves({ any: [{ attribute: "plan", op: "eq", value: "pro" }, { not: { property: "sku", op: "exists" } }] })
 * // [{ attribute: "plan", … }, { property: "sku", … }]
 */
export function filterLeaves(filter: Filter, out: FilterLeaf[] = [], depth = 0): FilterLeaf[] {
  if (depth > 32 || typeof filter !== "object" || filter === null) return out;
  if ("all" in filter && Array.isArray(filter.all)) for (const f of filter.all) filterLeaves(f, out, depth + 1);
  else if ("any" in filter && Array.isArray(filter.any)) for (const f of filter.any) filterLeaves(f, out, depth + 1);
  else if ("not" in filter) filterLeaves(filter.not, out, depth + 1);
  else if ("op" in filter) out.push(filter);
  return out;
}
