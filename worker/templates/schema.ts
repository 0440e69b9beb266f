/**
 * Message templates, one zod schema per channel. A template is `channel` plus that channel's
 * fields; text fields are Liquid (see liquid.ts). Unknown extra fields are kept as they are (the
 * admin API and the SDK may add their own, e.g. display rules), but never rendered.
 */
import { z } from "zod";
import { isRecord } from "./liquid-fields.ts";

/** The `channel` values a template may have: the send channels plus `survey`. */
export const TEMPLATE_CHANNELS = ["email", "sms", "whatsapp", "web_push", "mobile_push", "in_app", "web_overlay", "survey"] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

const Text = z.string().min(1, "must not be empty");
const Common = {
  id: z.string().optional(),
  /** Every missing variable fails the render (default: missing variables render as ""). */
  strict: z.boolean().optional(),
};

export const EmailTemplate = z.looseObject({
  ...Common,
  channel: z.literal("email"),
  subject: Text,
  html: Text,
  text: z.string().optional(),
  /** Overrides the provider settings' `from` ("Name <addr@example.com>" or an address). */
  from: z.string().optional(),
  reply_to: z.string().optional(),
});

export const SmsTemplate = z.looseObject({ ...Common, channel: z.literal("sms"), body: Text.max(1600, "at most 1600 characters") });

export const WhatsappTemplate = z
  .looseObject({
    ...Common,
    channel: z.literal("whatsapp"),
    /** A pre-approved Meta message template: business-initiated messages must use one. */
    template: z
      .object({
        name: Text,
        /** Meta's language code, e.g. "en_US". */
        language: Text,
        /** Body placeholders {{1}}, {{2}}… in order; each is Liquid. */
        parameters: z.array(z.string()).max(100).optional(),
      })
      .optional(),
    /** A free-form session message (only inside the 24-hour customer service window). */
    body: Text.max(4096, "at most 4096 characters").optional(),
  })
  .refine((t) => (t.template === undefined) !== (t.body === undefined), {
    message: "needs exactly one of `template` (a Meta template) or `body` (a session message)",
    path: ["body"],
  });

const Urgency = z.enum(["very-low", "low", "normal", "high"]);

export const WebPushTemplate = z.looseObject({
  ...Common,
  channel: z.literal("web_push"),
  title: Text,
  body: Text,
  icon: z.string().optional(),
  /** A large picture (Chromium). */
  image: z.string().optional(),
  badge: z.string().optional(),
  /** A newer notification with the same tag replaces the shown one. */
  tag: z.string().optional(),
  /** Keep it on screen until the user acts (desktop Chromium). */
  require_interaction: z.boolean().optional(),
  url: z.string().optional(),
  /** Notification buttons; browsers show at most two. */
  actions: z.array(z.object({ action: Text, title: Text, url: z.string().optional() })).max(2, "at most 2 actions").optional(),
  /** Seconds the push service keeps the message while the browser is offline (default 4 weeks). */
  ttl: z.number().int().min(0).max(2_419_200).optional(),
  urgency: Urgency.optional(),
  /** A newer message with the same topic replaces an undelivered older one (≤ 32 base64url chars). */
  topic: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "1–32 base64url characters").optional(),
});

export const MobilePushTemplate = z.looseObject({
  ...Common,
  channel: z.literal("mobile_push"),
  title: Text,
  body: Text,
  url: z.string().optional(),
  image: z.string().optional(),
  /** Extra key/value data for the app (values are Liquid strings). */
  data: z.record(z.string(), z.string()).optional(),
});

const Button = z.preprocess(
  urlButtonShorthand,
  z
    .object({ label: Text, action: z.enum(["url", "dismiss", "event"]), value: z.string().optional() })
    .refine((b) => b.action === "dismiss" || (b.value !== undefined && b.value !== ""), {
      message: "a url or event button needs a `value` (the URL, or the event name)",
      path: ["value"],
    }),
);

/** `{ label, url }` without `action` is shorthand for `{ label, action: "url", value: url }`. */
function urlButtonShorthand(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const { url, ...rest } = input;
  if (rest.action !== undefined || typeof url !== "string") return input;
  return { ...rest, action: "url", value: url };
}

const Overlay = {
  ...Common,
  layout: z.enum(["modal", "banner", "slide_in", "fullscreen"]),
  title: Text,
  body: Text,
  image: z.string().optional(),
  buttons: z.array(Button).max(4, "at most 4 buttons").optional(),
};
export const InAppTemplate = z.looseObject({ ...Overlay, channel: z.literal("in_app") });
export const WebOverlayTemplate = z.looseObject({ ...Overlay, channel: z.literal("web_overlay") });

export const SurveyTemplate = z
  .looseObject({
    ...Common,
    channel: z.literal("survey"),
    kind: z.enum(["nps", "csat", "question"]),
    question: Text,
    title: z.string().optional(),
    /** Choices for a `question` survey (free text without them); ignored by nps (0–10) and csat (1–5). */
    options: z.array(Text).max(20).optional(),
  });

export const Template = z.discriminatedUnion("channel", [
  EmailTemplate, SmsTemplate, WhatsappTemplate, WebPushTemplate, MobilePushTemplate, InAppTemplate, WebOverlayTemplate, SurveyTemplate,
]);
export type Template = z.infer<typeof Template>;
export type TemplateOf<C extends TemplateChannel> = Extract<Template, { channel: C }>;
