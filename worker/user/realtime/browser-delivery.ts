/**
 * The seam between the outbox and the browser. `deliverToBrowser` takes a rendered in-app, web
 * overlay or survey frame (worker/channels/message-frame.ts `toMessageFrame`), stores it in the
 * user's inbox (`pending_messages`) and pushes it at once to every WebSocket the user has open on
 * this object. With no socket open it waits in the inbox (`GET /v1/inbox`) until it expires or the
 * browser reports it shown. Performers reach it through `PerformContext.browser`, which the User
 * Durable Object binds to its own state (the channels' browser sink, worker/user/delivery/
 * workspace-delivery.ts, calls it with `frameFor(...)`).
 *
 * @example
 * // in a Performer, for an in_app / web_overlay / survey send:
 * return context.browser(frame); // { type: "sent", providerId: frame.id, detail: "browser (1 live)" }
 */
import type { MessageFrame } from "../../channels/message-frame.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { Millis } from "../../journey/types.ts";
import { toJsonObject } from "../../lib/json.ts";
import type { PendingMessageStore } from "../store/pending-message-store.ts";
import { broadcast } from "./browser-sockets.ts";

/** Where a frame goes: the object's sockets and its inbox table. */
export interface BrowserTarget {
  state: DurableObjectState;
  inbox: PendingMessageStore;
}

/**
 * Stores `frame` (once per id) and pushes it to every open socket. Idempotent: performing the same
 * outbox row again re-sends a still-pending frame (the SDK ignores ids it has) and does not
 * resurrect one already shown or dismissed.
 */
export function deliverToBrowser(target: BrowserTarget, frame: MessageFrame, now: Millis): DeliveryOutcome {
  const expiresAt = frame.expiresAt === undefined ? null : Date.parse(frame.expiresAt);
  if (expiresAt !== null && Number.isNaN(expiresAt)) return { type: "failed", reason: `expiresAt ${JSON.stringify(frame.expiresAt)} is not a date` };
  if (expiresAt !== null && expiresAt <= now) return { type: "suppressed", reason: `expired at ${frame.expiresAt} before it could be delivered` };
  const added = target.inbox.add({ key: frame.id, channel: frame.channel, frame: toJsonObject(frame), createdAt: now, expiresAt });
  if (!added && target.inbox.get(frame.id)?.status !== "pending") return { type: "sent", providerId: frame.id, detail: "browser (already handled)" };
  const live = broadcast(target.state, frame);
  return { type: "sent", providerId: frame.id, detail: live > 0 ? `browser (${live} live)` : "browser (inbox)" };
}
