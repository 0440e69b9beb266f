import { z } from "zod";
import { Filter } from "./filter.ts";

/** The user did `event` (optionally with properties matching `where`). */
export const EventTrigger = z.object({ type: z.literal("event"), event: z.string().min(1), where: Filter.optional() }).strict();
/** The user entered or left segment `segment`. */
export const SegmentTrigger = z
  .object({ type: z.literal("segment"), segment: z.string().min(1), on: z.enum(["enter", "exit"]) })
  .strict();
/** Profile attribute `attribute` changed; `where` filters on the new value (as `attribute` conditions). */
export const AttributeTrigger = z
  .object({ type: z.literal("attribute"), attribute: z.string().min(1), where: Filter.optional() })
  .strict();
/** The user entered or left geofence `geofence`. */
export const GeofenceTrigger = z
  .object({ type: z.literal("geofence"), geofence: z.string().min(1), on: z.enum(["enter", "exit"]) })
  .strict();
/** Users entered explicitly: CSV import or the admin API ("specific users"). */
export const ManualTrigger = z.object({ type: z.literal("manual") }).strict();

export const Trigger = z
  .discriminatedUnion("type", [EventTrigger, SegmentTrigger, AttributeTrigger, GeofenceTrigger, ManualTrigger])
  .meta({ id: "Trigger" });
export type Trigger = z.infer<typeof Trigger>;
