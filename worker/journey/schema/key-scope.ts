import { z } from "zod";

/**
 * Which runs of a keyed journey (one with `entry.key`) an event matcher hears. `same` (the
 * default): only events that carry the run's own key value, or no key value at all. `any`: the
 * event whatever key value it carries, e.g. a course completion's run waiting for the learner to
 * start some other course. Used by exit events, the goal and `wait_for_event`.
 */
export const KeyScope = z
  .enum(["same", "any"])
  .meta({
    id: "KeyScope",
    description: "In a journey with entry.key: same (default) hears only events with the run's key value or none; any hears the event whatever key value it carries.",
  });
export type KeyScope = z.infer<typeof KeyScope>;
