/** POST /v1/alias (and /v1/a): `previousId` (usually the anonymous id) is the same person as `userId`. */
import { z } from "zod";
import { Id, commonShape } from "./common.ts";

export const AliasEvent = z
  .object({
    ...commonShape,
    type: z.literal("alias").optional(),
    userId: Id,
    previousId: Id,
  })
  .meta({ id: "AliasEvent", description: "Segment-spec alias call." });
export type AliasEvent = z.infer<typeof AliasEvent>;
