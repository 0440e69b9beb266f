import { z } from "zod";

export const FILTER_OPS = [
  "eq", "neq", "gt", "gte", "lt", "lte", "exists", "not_exists", "contains", "in", "is_today", "before", "after",
] as const;
export const FilterOp = z.enum(FILTER_OPS);
export type FilterOp = z.infer<typeof FilterOp>;

const leafFields = {
  op: FilterOp,
  /**
   * Compared value. For `in`: an array. For `before`/`after`: an ISO date, or a signed duration
   * relative to now ("-30d" = 30 days ago). For `is_today`: "anniversary" (default: month and day
   * match today in the user's time zone, as for birthdays) or "date" (the exact calendar date).
   */
  value: z.unknown().optional(),
};

/** A condition on the user's profile attribute `attribute`. */
export const AttributeCondition = z
  .object({ attribute: z.string().min(1), ...leafFields })
  .strict()
  .meta({ id: "AttributeCondition" });
/**
 * A condition on a property of the event in scope: the awaited event in `wait_for_event`, the
 * trigger event elsewhere. `$event` is the event's name.
 */
export const PropertyCondition = z
  .object({ property: z.string().min(1), ...leafFields })
  .strict()
  .meta({ id: "PropertyCondition" });

export type Filter =
  | z.infer<typeof AttributeCondition>
  | z.infer<typeof PropertyCondition>
  | { all: Filter[] }
  | { any: Filter[] }
  | { not: Filter };

export const Filter: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    AttributeCondition,
    PropertyCondition,
    z.object({ all: z.array(Filter).min(1) }).strict(),
    z.object({ any: z.array(Filter).min(1) }).strict(),
    z.object({ not: Filter }).strict(),
  ]),
).meta({ id: "Filter", description: "A condition, or all/any/not of conditions." });

/** A count comparison, e.g. `{ "op": "gt", "value": 3 }`. */
export const CountRule = z
  .object({ op: z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]), value: z.number().int().min(0) })
  .strict()
  .meta({ id: "CountRule" });
export type CountRule = z.infer<typeof CountRule>;
