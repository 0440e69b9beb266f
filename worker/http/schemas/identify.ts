/** POST /v1/identify (and /v1/i): who the user is, and their traits. */
import { z } from "zod";
import { commonShape, hasIdentity, identityRule, Properties } from "./common.ts";

export const IdentifyEvent = z
  .object({
    ...commonShape,
    type: z.literal("identify").optional(),
    traits: Properties.optional(),
    /** HMAC-SHA256(userId, workspace secret) when identity verification is on. */
    userHash: z.string().optional(),
  })
  .refine(hasIdentity, identityRule)
  .meta({ id: "IdentifyEvent", description: "Segment-spec identify call." });
export type IdentifyEvent = z.infer<typeof IdentifyEvent>;
