/**
 * The browser WebSockets of one User Durable Object, on the hibernatable API: the runtime holds the
 * sockets (`ctx.acceptWebSocket`), so the object may be evicted between frames at no cost, and
 * every handler works from `ctx.getWebSockets()` and each socket's attachment, never from memory.
 * Used by browser-realtime.ts.
 */
import type { Millis } from "../../journey/types.ts";
import { parseClientFrame, type ErrorFrame } from "./client-frame.ts";
import type { SocketCaller } from "./connect-request.ts";
import { readAttachment, writeAttachment } from "./socket-attachment.ts";

/** Tag of browser sockets (the object may hold other kinds later). */
export const BROWSER_TAG = "browser";
const PING = JSON.stringify({ type: "ping" });

/** Most sockets one user may hold (tabs, devices); the oldest is closed beyond it. */
export const MAX_SOCKETS_PER_USER = 32;

/**
 * Accepts the server side of a new socket for `caller` and greets it with `{"type":"ping"}`;
 * returns the client side for the 101 answer.
 */
export function acceptSocket(ctx: DurableObjectState, caller: SocketCaller, now: Millis): WebSocket {
  const [client, server] = Object.values(new WebSocketPair());
  if (client === undefined || server === undefined) throw new Error("WebSocketPair gave no sockets");
  const open = ctx.getWebSockets(BROWSER_TAG);
  for (const old of open.slice(0, Math.max(0, open.length - MAX_SOCKETS_PER_USER + 1))) closeQuietly(old, 1013, "too many connections for this user");
  ctx.acceptWebSocket(server, [BROWSER_TAG]);
  writeAttachment(server, {
    v: 1, workspace: caller.workspace, userId: caller.userId ?? null, anonymousId: caller.anonymousId ?? null, connectedAt: now, lastSeenAt: now, acks: 0,
  });
  // A first ping says the socket is live end to end (the SDK answers pong); clients and tests can wait for it.
  sendQuietly(server, PING);
  return client;
}

/**
 * Handles one frame from a browser: a pong or an ack updates the socket's attachment (and counts
 * as an SDK session); anything else is answered with an error frame.
 * @returns true when the frame was valid (the browser is alive)
 */
export function handleSocketFrame(ws: WebSocket, message: string | ArrayBuffer, now: Millis): boolean {
  const parsed = parseClientFrame(message);
  if (!parsed.ok) {
    sendQuietly(ws, parsed.error);
    return false;
  }
  const attachment = readAttachment(ws);
  if (attachment === null) {
    closeQuietly(ws, 1011, "unknown connection; reconnect");
    return false;
  }
  writeAttachment(ws, { ...attachment, lastSeenAt: now, acks: attachment.acks + (parsed.frame.type === "ack" ? 1 : 0) });
  return true;
}

/** Completes the closing handshake the browser started. */
export function handleSocketClose(ws: WebSocket, code: number, reason: string): void {
  // 1005/1006 are reserved (no code / abnormal): they cannot be sent back.
  closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, reason);
}

/**
 * Sends `frame` (JSON) to every open browser socket of this object at once.
 * @returns how many sockets it was written to
 */
export function broadcast(ctx: DurableObjectState, frame: object): number {
  const text = JSON.stringify(frame);
  let sent = 0;
  for (const ws of ctx.getWebSockets(BROWSER_TAG)) if (sendQuietly(ws, text)) sent += 1;
  return sent;
}

function sendQuietly(ws: WebSocket, frame: string | ErrorFrame): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  try {
    ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    return true;
  } catch {
    return false; // closed meanwhile: its close event cleans up
  }
}

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason.slice(0, 120));
  } catch {
    /* already closed */
  }
}
