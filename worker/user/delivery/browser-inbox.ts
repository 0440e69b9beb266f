/**
 * The browser sink of the channels layer for in-app messages, web overlays and surveys: the
 * rendered message becomes the SDK's MessageFrame (`toMessageFrame`, `expiresAt` from the
 * template's `expiresIn`, default 7 days) and goes to `PerformContext.browser`, which the User
 * Durable Object binds to its inbox and open WebSockets (worker/user/realtime). Where no such
 * binding exists the frame is stored in the inbox (`pending_messages`) for `GET /v1/inbox`.
 */
import { toMessageFrame, type MessageFrame } from "../../channels/message-frame.ts";
import type { BrowserMessage } from "../../channels/send-message.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import { durationOr } from "../../journey/engine/time-text.ts";
import { toJsonObject } from "../../lib/json.ts";
import type { UserStore } from "../store/user-store.ts";
import { parseDeliveryKey } from "./delivery-key.ts";

/** How long an unshown message waits when its template sets no `expiresIn`. */
export const INBOX_TTL_MS = 7 * 86_400_000;

export type BrowserDeliver = (frame: MessageFrame) => DeliveryOutcome;

/** The frame for `message`, with the journey and template of its outbox row. */
export function frameFor(store: UserStore, message: BrowserMessage, now: number): MessageFrame {
  const rowKey = parseDeliveryKey(message.key)?.rowKey ?? message.key;
  const effect = store.outbox.sentWith(message.key, rowKey)?.effect;
  const meta = effect?.type === "send" ? { journey: effect.journeyId, template: effect.template } : {};
  const expiresIn: unknown = Reflect.get(message.content, "expiresIn");
  const ttl = durationOr(typeof expiresIn === "string" ? expiresIn : undefined, INBOX_TTL_MS);
  return toMessageFrame(message, { ...meta, expiresAt: new Date(now + ttl).toISOString() });
}

/** Stores `frame` in the inbox once (the fallback when the object binds no browser delivery). */
export function storeInInbox(store: UserStore, frame: MessageFrame, now: number): DeliveryOutcome {
  const expiresAt = frame.expiresAt === undefined ? null : Date.parse(frame.expiresAt);
  store.transaction(() => store.delivery.inbox.add({ key: frame.id, channel: frame.channel, frame: toJsonObject(frame), createdAt: now, expiresAt }));
  return { type: "sent", providerId: frame.id, detail: "browser (inbox)" };
}
