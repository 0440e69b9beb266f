/**
 * Engagement reported by the browser or app rather than a provider: the service worker (push
 * shown, clicked, dismissed) and the in-app/overlay SDK (shown, clicked, dismissed), through
 * `POST /v1/messages/{id}/events`. The route resolves the message (its key and channel) and
 * calls `clientSignal`. Pure.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import { isSignalType, SIGNAL_TYPES, type EngagementSignal } from "./signal.ts";

export interface ClientSignalInput {
  channel: Channel;
  /** What the client reported: "shown", "clicked", "dismissed" ("closed" is taken as "dismissed" for push). */
  type: string;
  messageKey: string;
  userId?: string;
  /** When it happened (the client's timestamp, already checked by the route), epoch ms. */
  at: number;
  url?: string;
}

export type ClientSignalResult = { ok: true; signal: EngagementSignal } | { ok: false; field: "type" | "channel"; message: string };

const CLIENT_CHANNELS: readonly Channel[] = ["web_push", "mobile_push", "in_app", "web_overlay"];

/** Push signals were once called "closed" (and worker/routes/webhooks.ts still maps to it): same moment. */
const typeOf = (input: ClientSignalInput): string =>
  input.type === "closed" && (input.channel === "web_push" || input.channel === "mobile_push") ? "dismissed" : input.type;

/**
 * The signal for a client-reported event, or an error naming the field when the channel is not
 * a client channel or the type does not exist for it. Its id is `<messageKey>:<type>`, so the
 * same impression or click reported twice counts once.
 * @example clientSignal({ channel: "in_app", type: "clicked", messageKey: "cart:4:2", at }) // { ok: true, signal: { type: "clicked", source: "sdk", id: "cart:4:2:clicked", … } }
 */
export function clientSignal(input: ClientSignalInput): ClientSignalResult {
  if (!CLIENT_CHANNELS.includes(input.channel)) {
    return { ok: false, field: "channel", message: `${input.channel} engagement comes from its provider's webhook, not the client` };
  }
  const type = typeOf(input);
  if (!isSignalType(input.channel, type)) {
    return { ok: false, field: "type", message: `expected one of ${SIGNAL_TYPES[input.channel].join(", ")} for ${input.channel}` };
  }
  const signal: EngagementSignal = {
    channel: input.channel,
    type,
    at: input.at,
    source: "sdk",
    id: `${input.messageKey}:${type}`,
    messageKey: input.messageKey,
    ...(input.userId !== undefined ? { userId: input.userId } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
  };
  return { ok: true, signal };
}
