/** PUT /v1/admin/geofences/{id}: a circle on the map that geofence triggers refer to. */
import { z } from "zod";

export const GeofenceInput = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lower-case letters, digits, - and _ (max 64)").optional(),
    name: z.string().min(1),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
    /** metres */
    radius: z.number().positive().max(100_000),
  })
  .strict()
  .meta({ id: "Geofence" });
export type GeofenceInput = z.infer<typeof GeofenceInput>;
