import { z } from "zod";

export const CHANNELS = ["email", "sms", "whatsapp", "web_push", "mobile_push", "in_app", "web_overlay"] as const;
export const Channel = z.enum(CHANNELS).meta({ id: "Channel" });
export type Channel = z.infer<typeof Channel>;

/** Channels a survey can be shown on (it needs the browser/app to collect answers). */
export const SurveyChannel = z.enum(["in_app", "web_overlay"]);
