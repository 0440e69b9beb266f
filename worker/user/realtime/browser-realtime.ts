/**
 * Everything the User Durable Object does for the browser SDK's live side, behind one object so
 * the DO class only forwards: the `/v1/connect` WebSocket (hibernatable), delivering frames to the
 * inbox and open sockets, listing the inbox, and noting SDK sessions (in-app reachability).
 * Browser reports on messages (`POST /v1/messages/{id}/events`) are engagement signals: see
 * worker/routes/webhooks.ts and worker/user/delivery/apply-signals.ts.
 */
import type { MessageFrame } from "../../channels/message-frame.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { Millis } from "../../journey/types.ts";
import { toJsonObject, type JsonObject } from "../../lib/json.ts";
import type { UserStore } from "../store/user-store.ts";
import { deliverToBrowser } from "./browser-delivery.ts";
import { acceptSocket, handleSocketClose, handleSocketFrame } from "./browser-sockets.ts";
import { readCaller } from "./connect-request.ts";
import { pruneInbox } from "./inbox-retention.ts";
import { isSdkPageItem, touchSdkSession } from "./sdk-session.ts";

export interface BrowserRealtime {
  /** The object's fetch(): accepts a WebSocket forwarded by `GET /v1/connect` (connect-request.ts). */
  accept(request: Request, now: Millis): Response;
  /** webSocketMessage(): one frame from a browser. */
  frame(ws: WebSocket, message: string | ArrayBuffer, now: Millis): void;
  /** webSocketClose(). */
  close(ws: WebSocket, code: number, reason: string): void;
  /**
   * Stores and pushes a frame (browser-delivery.ts), then prunes the inbox (inbox-retention.ts);
   * what `PerformContext.browser` is bound to.
   */
  deliver(frame: MessageFrame, now: Millis): DeliveryOutcome;
  /** Pending, unexpired frames: highest `priority` first, then oldest first. Counts as an SDK session. */
  inbox(now: Millis): JsonObject[];
  /** Before a batch is ingested: an item sent by nudge.js from a page counts as an SDK session. */
  noteItems(items: readonly unknown[], now: Millis): void;
}

export function createBrowserRealtime(state: DurableObjectState, store: UserStore): BrowserRealtime {
  const inbox = store.delivery.inbox;
  return {
    accept(request, now) {
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return Response.json({ error: { code: "upgrade_required", message: "expected a WebSocket upgrade" } }, { status: 426 });
      const caller = readCaller(request);
      if (caller === null) return Response.json({ error: { code: "invalid_request", message: "no verified caller" } }, { status: 400 });
      const client = acceptSocket(state, caller, now);
      touchSdkSession(store.meta, now);
      return new Response(null, { status: 101, webSocket: client });
    },
    frame(ws, message, now) {
      if (handleSocketFrame(ws, message, now)) touchSdkSession(store.meta, now);
    },
    close: handleSocketClose,
    deliver(frame, now) {
      const outcome = deliverToBrowser({ state, inbox }, frame, now);
      pruneInbox(state.storage.sql, now);
      return outcome;
    },
    inbox(now) {
      touchSdkSession(store.meta, now);
      return inbox
        .pending(now)
        .map((m, order) => ({ m, order, priority: typeof m.frame["priority"] === "number" ? m.frame["priority"] : 0 }))
        .sort((a, b) => b.priority - a.priority || a.order - b.order)
        .map(({ m }) => toJsonObject(m.frame));
    },
    noteItems(items, now) {
      if (items.some(isSdkPageItem)) touchSdkSession(store.meta, now);
    },
  };
}
