/** POST /v1/track (and /v1/t): the user did something. */
import { z } from "zod";
import { commonShape, hasIdentity, identityRule, Properties } from "./common.ts";

export const TrackEvent = z
  .object({
    ...commonShape,
    type: z.literal("track").optional(),
    event: z.string().min(1).max(200),
    properties: Properties.optional(),
  })
  .refine(hasIdentity, identityRule)
  .meta({ id: "TrackEvent", description: "Segment-spec track call." });
export type TrackEvent = z.infer<typeof TrackEvent>;
