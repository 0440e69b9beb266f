/**
 * Engagement signals: what happened to a message after it left (delivered, opened, clicked,
 * bounced, …), normalized from provider webhooks, the service worker and the in-app SDK. The
 * User Durable Object turns each into a user event (journeys wait for it), a reachability patch
 * and a best-hour update. Plain JSON data.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import type { Millis } from "../../journey/types.ts";

/** Which signals each channel can produce. */
export const SIGNAL_TYPES = {
  email: ["delivered", "opened", "clicked", "bounced", "complained", "unsubscribed", "resubscribed"],
  sms: ["delivered", "failed", "unsubscribed", "resubscribed"],
  whatsapp: ["delivered", "read", "failed", "unsubscribed"],
  web_push: ["shown", "clicked", "dismissed"],
  mobile_push: ["shown", "clicked", "dismissed"],
  in_app: ["shown", "clicked", "dismissed"],
  web_overlay: ["shown", "clicked", "dismissed"],
} as const satisfies Record<Channel, readonly string[]>;

export type SignalType = (typeof SIGNAL_TYPES)[Channel][number];
export type SignalTypeOf<C extends Channel> = (typeof SIGNAL_TYPES)[C][number];

/** Where a signal came from. */
export type SignalSource = "resend" | "sendgrid" | "postmark" | "twilio" | "whatsapp" | "unsubscribe_link" | "sdk";

export interface EngagementSignal {
  channel: Channel;
  type: SignalType;
  /** When it happened, per the provider (epoch ms). */
  at: Millis;
  source: SignalSource;
  /** A stable id for de-duplication: providers retry webhooks, so the same id may arrive twice. */
  id: string;
  /** The user the message went to, when the message carried it (see worker/webhooks/message-ref.ts). */
  userId?: string;
  /** The send's idempotency key (the outbox/message-log key), when the provider echoed it. */
  messageKey?: string;
  /** The provider's own message id (Resend email_id, Twilio MessageSid, wamid, …). */
  providerMessageId?: string;
  /** The recipient's address as the provider reports it: an e-mail address or an E.164 phone number. */
  address?: string;
  /** The link clicked. */
  url?: string;
  /** bounced/failed: true when retrying cannot help (hard bounce, invalid number). */
  permanent?: boolean;
  /** The provider's explanation (bounce message, error code and title). */
  reason?: string;
}

/** True when `type` is a signal `channel` can produce. */
export function isSignalType<C extends Channel>(channel: C, type: string): type is SignalTypeOf<C> {
  const allowed: readonly string[] = SIGNAL_TYPES[channel];
  return allowed.includes(type);
}

/**
 * True for signals where the user acted (opened, clicked, read): those feed the best-hour model.
 * Deliveries, impressions and bounces say nothing about when the user pays attention.
 */
export function isUserEngagement(signal: Pick<EngagementSignal, "type">): boolean {
  return signal.type === "opened" || signal.type === "clicked" || signal.type === "read";
}
