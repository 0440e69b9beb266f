/**
 * Reads a workspace's channel settings section by section, so one bad section (a typo in the SMS
 * credentials) disables only that channel, with a problem naming the field, and never the rest.
 */
import type { z } from "zod";
import { formatPath } from "../templates/liquid-fields.ts";
import { ChannelSettings } from "./settings.ts";

export interface SettingsProblem {
  /** e.g. "sms.accountSid" */
  path: string;
  message: string;
}

type Sections = ChannelSettings;
const SECTIONS = ["email", "sms", "whatsapp", "web_push", "mobile_push", "audiences", "webhook", "fetch_data"] as const satisfies ReadonlyArray<keyof Sections>;

/**
 * Validates `input` as channel settings. Pure.
 * @returns the valid sections, and a problem per invalid field (those sections are left out)
 */
export function readChannelSettings(input: unknown): { settings: Sections; problems: SettingsProblem[] } {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { settings: {}, problems: input === undefined ? [] : [{ path: "", message: "channel settings must be a JSON object" }] };
  }
  const settings: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  for (const name of SECTIONS) {
    const value: unknown = Reflect.get(input, name);
    if (value === undefined) continue;
    const schema: z.ZodType = ChannelSettings.shape[name];
    const parsed = schema.safeParse(value);
    if (parsed.success) settings[name] = parsed.data;
    else for (const issue of parsed.error.issues) problems.push({ path: formatPath([name, ...issue.path]), message: issue.message });
  }
  for (const key of Object.keys(input)) {
    if (!SECTIONS.some((name) => name === key)) problems.push({ path: key, message: `unknown channel settings section (known: ${SECTIONS.join(", ")})` });
  }
  // Every section was parsed by its own schema above, so the whole object satisfies the type.
  return { settings: ChannelSettings.parse(settings), problems };
}
