import { z } from "zod";
import { Duration } from "./duration.ts";
import { Filter } from "./filter.ts";
import { KeyScope } from "./key-scope.ts";
import { JourneyNode } from "./nodes.ts";
import { Trigger } from "./triggers.ts";

export const EventMatcher = z.object({ event: z.string().min(1), where: Filter.optional(), key: KeyScope.optional() }).strict();

export const EntryRules = z
  .object({
    /**
     * `never`: a user enters once, ever. `always`: again whenever triggered, once the previous run
     * (with the same key) has ended. `{ after }`: again only this long after the previous entry.
     * Default `never`.
     */
    reentry: z.union([z.enum(["never", "always"]), z.object({ after: Duration }).strict()]).optional(),
    /**
     * A trigger-event property that tells concurrent runs apart (two carts, two loans): at most
     * one active run per key value, and events carrying that property only reach the run whose
     * key matches, unless the exit event, goal or wait_for_event says `key: "any"`.
     */
    key: z.string().min(1).optional(),
  })
  .strict()
  .meta({ id: "EntryRules" });

export const ExitRules = z
  .object({ events: z.array(EventMatcher).min(1) })
  .strict()
  .meta({ id: "ExitRules", description: "Any of these events ends an active run at once, wherever it waits." });

export const Goal = z
  .object({ event: z.string().min(1), where: Filter.optional(), within: Duration, key: KeyScope.optional() })
  .strict()
  .meta({ id: "Goal", description: "A conversion: the event happening within `within` of entry, even after the run ended." });

export const Journey = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, - and _ (max 64)"),
    name: z.string().min(1),
    description: z.string().optional(),
    trigger: Trigger.optional(),
    /** Any of these starts a run (use instead of `trigger`). */
    triggers: z.array(Trigger).min(1).optional(),
    entry: EntryRules.optional(),
    exit: ExitRules.optional(),
    goal: Goal.optional(),
    start: z.string().min(1),
    nodes: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _"), JourneyNode),
  })
  .strict()
  .meta({ id: "Journey", title: "Nudge journey" });
export type Journey = z.infer<typeof Journey>;
export type EventMatcher = z.infer<typeof EventMatcher>;
