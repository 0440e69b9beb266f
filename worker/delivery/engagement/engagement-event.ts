/**
 * Engagement signals as user events, named the way Segment names them ("Email Opened",
 * "Push Clicked", "In-App Dismissed"), so a journey can `wait_for_event` on them and filter by
 * `channel`, `journey`, `node`, `template`, … The names are a contract: journeys are written
 * against them, and the browser tracks its own moments under the same names
 * (sdk/engagement-events.ts; test/sdk/engagement-names.test.ts keeps them equal). Pure.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import type { Attributes, UserEvent } from "../../journey/types.ts";
import type { EngagementSignal, SignalType } from "./signal.ts";

const CHANNEL_PREFIX: Record<Channel, string> = {
  email: "Email",
  sms: "SMS",
  whatsapp: "WhatsApp",
  web_push: "Push",
  mobile_push: "Push",
  // One name per kind of message, as the SDK renders both alike: `channel` tells them apart.
  in_app: "In-App",
  web_overlay: "In-App",
};

const VERB: Record<SignalType, string> = {
  delivered: "Delivered",
  opened: "Opened",
  clicked: "Clicked",
  bounced: "Bounced",
  complained: "Marked as Spam",
  unsubscribed: "Unsubscribed",
  resubscribed: "Resubscribed",
  failed: "Failed",
  read: "Read",
  shown: "Shown",
  dismissed: "Dismissed",
};

/**
 * The event name for a signal: "<Channel> <Verb>", e.g. "Email Clicked", "Email Marked as Spam",
 * "SMS Failed", "WhatsApp Read", "Push Clicked" (web and mobile), "In-App Dismissed" (in-app and
 * web overlay).
 */
export function engagementEventName(channel: Channel, type: SignalType): string {
  return `${CHANNEL_PREFIX[channel]} ${VERB[type]}`;
}

/** The logged send a signal refers to (a message-log row), when the key was found. */
export interface SentMessage {
  journey: string;
  version: number;
  node: string;
  template: string;
}

/**
 * The user event for `signal`. Properties: `channel`, and when known `journey`, `version`,
 * `node`, `template` (from `message`), `messageKey`, `provider`, `url` (clicks), `reason` and
 * `permanent` (bounces, failures). The event id is the signal id, so a retried webhook dedupes.
 * @example engagementEvent({ channel: "email", type: "opened", at, source: "resend", id: "msg_1", messageKey: "cart:4:2" },
 *   { journey: "cart", version: 3, node: "email", template: "cart-email" })
 *   // { name: "Email Opened", at, id: "msg_1", properties: { channel: "email", journey: "cart", version: 3, node: "email", template: "cart-email", messageKey: "cart:4:2", provider: "resend" } }
 */
export function engagementEvent(signal: EngagementSignal, message?: SentMessage): UserEvent {
  const properties: Attributes = { channel: signal.channel };
  if (message !== undefined) {
    properties["journey"] = message.journey;
    properties["version"] = message.version;
    properties["node"] = message.node;
    properties["template"] = message.template;
  }
  if (signal.messageKey !== undefined) properties["messageKey"] = signal.messageKey;
  properties["provider"] = signal.source;
  if (signal.url !== undefined) properties["url"] = signal.url;
  if (signal.reason !== undefined) properties["reason"] = signal.reason;
  if (signal.permanent !== undefined) properties["permanent"] = signal.permanent;
  return { name: engagementEventName(signal.channel, signal.type), properties, at: signal.at, id: signal.id };
}
