/** POST /v1/admin/journeys/{id}/enter: put one user into a journey by hand (the `manual` trigger). */
import { z } from "zod";
import { Id } from "./common.ts";

export const EnterJourney = z
  .object({
    userId: Id,
    /** Becomes the trigger event's properties. */
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: "EnterJourney" });
export type EnterJourney = z.infer<typeof EnterJourney>;
