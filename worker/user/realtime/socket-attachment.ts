/**
 * What the User Durable Object remembers about each browser WebSocket, kept with the socket itself
 * (`serializeAttachment`) rather than in memory: a hibernated object is rebuilt from scratch when a
 * frame arrives, and the attachment is how it still knows whose socket it is.
 */
import type { Millis } from "../../journey/types.ts";

export interface SocketAttachment {
  v: 1;
  workspace: string;
  userId: string | null;
  anonymousId: string | null;
  connectedAt: Millis;
  /** The last frame from the browser (pong or ack). */
  lastSeenAt: Millis;
  /** Messages the browser acknowledged on this socket. */
  acks: number;
}

/** The socket's attachment, or null when it has none or not this shape (never throws). */
export function readAttachment(ws: WebSocket): SocketAttachment | null {
  let value: unknown;
  try {
    value = ws.deserializeAttachment();
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const get = (key: string): unknown => Reflect.get(value, key);
  const workspace = get("workspace");
  const connectedAt = get("connectedAt");
  const lastSeenAt = get("lastSeenAt");
  const acks = get("acks");
  if (get("v") !== 1 || typeof workspace !== "string" || typeof connectedAt !== "number" || typeof lastSeenAt !== "number" || typeof acks !== "number") return null;
  return { v: 1, workspace, userId: textOrNull(get("userId")), anonymousId: textOrNull(get("anonymousId")), connectedAt, lastSeenAt, acks };
}

/** Stores `attachment` with the socket (survives hibernation; at most 2 KB). */
export function writeAttachment(ws: WebSocket, attachment: SocketAttachment): void {
  ws.serializeAttachment(attachment);
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
