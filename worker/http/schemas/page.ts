/** POST /v1/page (and /v1/p): the user viewed a page. */
import { z } from "zod";
import { commonShape, hasIdentity, identityRule, Properties } from "./common.ts";

export const PageEvent = z
  .object({
    ...commonShape,
    type: z.literal("page").optional(),
    name: z.string().max(200).optional(),
    category: z.string().max(200).optional(),
    properties: Properties.optional(),
  })
  .refine(hasIdentity, identityRule)
  .meta({ id: "PageEvent", description: "Segment-spec page call." });
export type PageEvent = z.infer<typeof PageEvent>;
