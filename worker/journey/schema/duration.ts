import { z } from "zod";

/**
 * A duration string: a whole number and a unit. `s m h` are elapsed time; `d w mo y` are
 * calendar units applied in the user's time zone (a 1d wait keeps the wall-clock time across a
 * DST change; 1mo from Jan 31 is the last day of February).
 */
export const DURATION_PATTERN = /^(\d+)(s|m|h|d|w|mo|y)$/;
/** A signed duration, for offsets such as `-10d` (ten days before). */
export const OFFSET_PATTERN = /^([+-]?)(\d+)(s|m|h|d|w|mo|y)$/;

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'a duration such as "90s", "30m", "2h", "7d", "2w", "3mo" or "1y"')
  .meta({ id: "Duration", description: 'Whole number + unit: s m h (elapsed) or d w mo y (calendar, in the user time zone).' });

export const Offset = z
  .string()
  .regex(OFFSET_PATTERN, 'a signed duration such as "-10d" or "2h"')
  .meta({ id: "Offset", description: "A duration with an optional sign: -10d is ten days before." });

export type Duration = z.infer<typeof Duration>;
