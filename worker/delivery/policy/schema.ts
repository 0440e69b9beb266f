/**
 * A workspace's delivery policy, as the admin API stores it and the User Durable Object reads
 * it before every send:
 *
 * ```json
 * { "frequency_caps": { "email": ["3 per 1d", "10 per 7d"], "sms": ["1 per 1d"] },
 *   "quiet_hours": { "from": "21:00", "to": "08:00", "action": "delay", "channels": ["sms", "web_push"] } }
 * ```
 * Transactional sends are exempt from both. Unknown fields and channels are rejected, so a typo
 * ("emial") is an error naming its path rather than a cap that silently never applies.
 */
import { z } from "zod";
import { Channel } from "../../journey/schema/channels.ts";
import { parseCap } from "./frequency-cap.ts";

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM"');

export const CapText = z
  .string()
  .refine((text) => parseCap(text) !== null, {
    message: 'a cap such as "3 per 1d": a whole number of at least 1, "per", and a duration (90s, 30m, 2h, 1d, 2w, 1mo, 1y)',
  })
  .meta({ id: "FrequencyCap", description: 'At most N sends per window, e.g. "3 per 1d" (a rolling window; d w mo y follow the user\'s calendar).' });

export const FrequencyCaps = z
  .partialRecord(Channel, z.array(CapText).max(10, "at most 10 caps per channel"))
  .meta({ id: "FrequencyCaps", description: "Per channel, caps that hold across all journeys." });

export const QuietHours = z
  .strictObject({
    from: Clock,
    to: Clock,
    action: z.enum(["delay", "drop"]),
    channels: z.array(Channel).min(1).optional(),
  })
  .refine((q) => q.from !== q.to, { message: "`from` and `to` must differ (quiet all day would never send)", path: ["to"] })
  .meta({
    id: "QuietHours",
    description: "Local times in the user's zone; to < from spans midnight. delay: send when quiet hours end; drop: do not send. Default channels: all but in_app and web_overlay.",
  });

export const DeliveryPolicy = z
  .strictObject({
    frequency_caps: FrequencyCaps.optional(),
    quiet_hours: QuietHours.optional(),
  })
  .meta({ id: "DeliveryPolicy" });

export type DeliveryPolicy = z.infer<typeof DeliveryPolicy>;
export type QuietHours = z.infer<typeof QuietHours>;
export type FrequencyCaps = z.infer<typeof FrequencyCaps>;

/** The policy that changes nothing. */
export const NO_POLICY: DeliveryPolicy = {};
