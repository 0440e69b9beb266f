/**
 * A workspace's channel settings: which provider each channel uses and its credentials. Validated
 * by zod when the admin API stores them and again when `createDelivery` reads them. Every provider
 * takes `baseUrl` so development and tests can point it at a local endpoint.
 */
import { z } from "zod";

const Secret = z.string().min(1, "must not be empty");
const BaseUrl = z.url({ protocol: /^https?$/ }).optional();
/** "Name <addr@example.com>" or a bare address. */
const Sender = z.string().regex(/^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, "an e-mail address or \"Name <address>\"");

export const ResendSettings = z.object({ provider: z.literal("resend"), apiKey: Secret, from: Sender, replyTo: z.string().optional(), baseUrl: BaseUrl });
export const SendgridSettings = z.object({ provider: z.literal("sendgrid"), apiKey: Secret, from: Sender, replyTo: z.string().optional(), baseUrl: BaseUrl });
export const PostmarkSettings = z.object({
  provider: z.literal("postmark"),
  serverToken: Secret,
  from: Sender,
  replyTo: z.string().optional(),
  /** [="outbound"] "broadcast" for marketing mail on a broadcast stream. */
  messageStream: z.string().optional(),
  baseUrl: BaseUrl,
});
export const EmailSettings = z.discriminatedUnion("provider", [ResendSettings, SendgridSettings, PostmarkSettings]);

export const TwilioSettings = z
  .object({
    provider: z.literal("twilio"),
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, "an Account SID (AC + 32 hex digits)"),
    authToken: Secret,
    /** A Twilio number in E.164 (+15551234567) or an alphanumeric sender id. */
    from: z.string().optional(),
    /** Sends through a Messaging Service (sender pool) instead of `from`. */
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, "a Messaging Service SID (MG + 32 hex digits)").optional(),
    /** Where Twilio posts delivery status callbacks. */
    statusCallback: z.url().optional(),
    baseUrl: BaseUrl,
  })
  .refine((s) => s.from !== undefined || s.messagingServiceSid !== undefined, { message: "needs `from` or `messagingServiceSid`", path: ["from"] });

const GraphVersion = z.string().regex(/^v?\d+\.\d+$/, "a Graph API version like v25.0").optional();

export const WhatsappSettings = z.object({
  provider: z.literal("meta"),
  accessToken: Secret,
  /** The WhatsApp Business phone number id (not the phone number). */
  phoneNumberId: z.string().regex(/^\d+$/, "the numeric phone number id"),
  /** [="v25.0"] */
  apiVersion: GraphVersion,
  baseUrl: BaseUrl,
});

export const WebPushSettings = z.object({
  provider: z.literal("vapid").optional(),
  /** The VAPID public key: base64url of the 65-byte uncompressed P-256 point (what the SDK subscribes with). */
  publicKey: z.string().min(80, "base64url of a 65-byte P-256 public key"),
  /** The VAPID private key: base64url of the 32-byte P-256 scalar. */
  privateKey: z.string().min(40, "base64url of a 32-byte P-256 private key"),
  /** A contact for the push service: "mailto:ops@example.com" or an https: URL. */
  subject: z.string().regex(/^(mailto:|https:)/, "a mailto: or https: URL"),
  /** Replaces the origin of every subscription endpoint (local development only). */
  baseUrl: BaseUrl,
});

export const ServiceAccount = z.looseObject({
  project_id: z.string().min(1),
  client_email: z.string().min(1),
  private_key: z.string().includes("PRIVATE KEY", { message: "a PEM private key" }),
  private_key_id: z.string().optional(),
  token_uri: z.url().optional(),
});

export const FcmSettings = z.object({
  provider: z.literal("fcm"),
  /** The Firebase service account JSON (an object, or the file's text). */
  serviceAccount: z.preprocess(parseJsonText, ServiceAccount),
  /** [=serviceAccount.project_id] */
  projectId: z.string().optional(),
  /** [=serviceAccount.token_uri, else https://oauth2.googleapis.com/token] */
  tokenUri: z.url().optional(),
  baseUrl: BaseUrl,
});

export const MetaAudienceSettings = z.object({ accessToken: Secret, apiVersion: GraphVersion, baseUrl: BaseUrl });

const GoogleOAuth = z.union([
  z.object({ accessToken: Secret }),
  z.object({ clientId: Secret, clientSecret: Secret, refreshToken: Secret, tokenUri: z.url().optional() }),
]);
export const GoogleAdsSettings = z.object({
  developerToken: Secret,
  /** The Google Ads account owning the user lists, digits only ("123-456-7890" is accepted). */
  customerId: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, "a 10-digit customer id"),
  /** The manager account, when access goes through one. */
  loginCustomerId: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/).optional(),
  oauth: GoogleOAuth,
  /** [="v22"] */
  apiVersion: z.string().regex(/^v\d+$/).optional(),
  /** EU user consent sent with uploads (required by Google for EEA users). */
  consent: z.object({ adUserData: z.enum(["GRANTED", "DENIED"]), adPersonalization: z.enum(["GRANTED", "DENIED"]) }).optional(),
  baseUrl: BaseUrl,
});

export const WebhookSettings = z.object({
  /** Signs every webhook (X-Nudge-Signature); the workspace secret unless set here. */
  secret: z.string().min(16, "at least 16 characters").optional(),
});

export const FetchDataSettings = z.object({
  /** [=60000] How long a GET response is reused for the same URL and headers. 0 turns caching off. */
  cacheTtlMs: z.number().int().min(0).max(3_600_000).optional(),
  /** [=2] Extra tries after a transient failure (timeout, network, 429, 5xx). */
  retries: z.number().int().min(0).max(5).optional(),
});

export const ChannelSettings = z.object({
  email: EmailSettings.optional(),
  sms: TwilioSettings.optional(),
  whatsapp: WhatsappSettings.optional(),
  web_push: WebPushSettings.optional(),
  mobile_push: FcmSettings.optional(),
  audiences: z.object({ facebook: MetaAudienceSettings.optional(), google: GoogleAdsSettings.optional() }).optional(),
  webhook: WebhookSettings.optional(),
  fetch_data: FetchDataSettings.optional(),
});

export type ChannelSettings = z.infer<typeof ChannelSettings>;
export type EmailSettings = z.infer<typeof EmailSettings>;
export type ResendSettings = z.infer<typeof ResendSettings>;
export type SendgridSettings = z.infer<typeof SendgridSettings>;
export type PostmarkSettings = z.infer<typeof PostmarkSettings>;
export type TwilioSettings = z.infer<typeof TwilioSettings>;
export type WhatsappSettings = z.infer<typeof WhatsappSettings>;
export type WebPushSettings = z.infer<typeof WebPushSettings>;
export type FcmSettings = z.infer<typeof FcmSettings>;
export type ServiceAccount = z.infer<typeof ServiceAccount>;
export type MetaAudienceSettings = z.infer<typeof MetaAudienceSettings>;
export type GoogleAdsSettings = z.infer<typeof GoogleAdsSettings>;
export type FetchDataSettings = z.infer<typeof FetchDataSettings>;

function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Removes a trailing slash so `${base}/path` never doubles it. Pure. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, "");
}
