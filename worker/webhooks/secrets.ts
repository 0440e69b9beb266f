/**
 * A workspace's webhook secrets, one entry per provider whose callbacks it accepts. Stored with
 * the channel settings (admin API); a provider without an entry has no webhook endpoint (404).
 */
import { z } from "zod";

const Secret = z.string().min(1, "must not be empty");

export const WebhookSecrets = z
  .object({
    resend: z.object({ signingSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, "the endpoint's signing secret, whsec_…") }).optional(),
    sendgrid: z.object({ publicKey: z.string().min(40, "the base64 verification key from the Event Webhook settings") }).optional(),
    postmark: z.object({ username: Secret, password: z.string().min(8, "at least 8 characters") }).optional(),
    twilio: z.object({ authToken: Secret }).optional(),
    whatsapp: z.object({ appSecret: Secret, verifyToken: z.string().min(8, "at least 8 characters") }).optional(),
    /** [=300] How old a signed timestamp may be (Resend, SendGrid). */
    toleranceSeconds: z.number().int().min(30).max(86_400).optional(),
  })
  .meta({ id: "WebhookSecrets" });

export type WebhookSecrets = z.infer<typeof WebhookSecrets>;
