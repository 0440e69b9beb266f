/**
 * POST /v1/admin/simulate: run a journey against a profile and an event timeline without sending
 * or storing anything (PRODUCT.md §3). `journey` is a definition, or the id of a published one.
 */
import { z } from "zod";
import { Channel } from "../../journey/schema/channels.ts";
import { Id } from "./common.ts";

/** An ISO date-time, or epoch milliseconds. */
export const Instant = z.union([z.iso.datetime({ offset: true, local: true }), z.number().int().nonnegative()]);

const EventStep = z
  .object({ at: Instant, event: z.string().min(1), properties: z.record(z.string(), z.unknown()).optional() })
  .strict();
const TraitsStep = z.object({ at: Instant, traits: z.record(z.string(), z.unknown()) }).strict();

export const SimulateRequest = z
  .object({
    journey: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    profile: z
      .object({
        userId: Id,
        traits: z.record(z.string(), z.unknown()).optional(),
        /** Overrides what the traits imply, e.g. `{ "web_push": true }` for a push subscription. */
        reachable: z.partialRecord(Channel, z.boolean()).optional(),
      })
      .strict(),
    timeline: z.array(z.union([EventStep, TraitsStep])).max(10_000),
    until: Instant,
  })
  .strict()
  .meta({ id: "SimulateRequest" });
export type SimulateRequest = z.infer<typeof SimulateRequest>;
