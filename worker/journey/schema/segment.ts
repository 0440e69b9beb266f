import { z } from "zod";
import { Duration } from "./duration.ts";
import { CountRule, Filter } from "./filter.ts";

export const EventRule = z
  .object({
    event: z.string().min(1),
    where: Filter.optional(),
    /** Default `{ "op": "gte", "value": 1 }`. */
    count: CountRule.optional(),
    /** Only events in this sliding window count. Default: the whole history. */
    within: Duration.optional(),
  })
  .strict()
  .meta({ id: "EventRule" });
export type EventRule = z.infer<typeof EventRule>;

/** A segment: every part given must hold for a user to be a member. */
export const Segment = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, - and _ (max 64)"),
    name: z.string().min(1),
    description: z.string().optional(),
    where: Filter.optional(),
    events: z.array(EventRule).min(1).optional(),
    /** No activity (any event) for this long: D-30 is `"30d"`. */
    inactive_for: Duration.optional(),
  })
  .strict()
  .meta({ id: "Segment", title: "Nudge segment" });
export type Segment = z.infer<typeof Segment>;
