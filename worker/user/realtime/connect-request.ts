/**
 * The request `GET /v1/connect` forwards to the user's Durable Object after checking the write key:
 * an internal URL, the WebSocket upgrade, and the caller the route verified (never the browser's own
 * headers, so a browser cannot claim another workspace). Only the Worker can reach the object.
 */

/** Who opened the socket, as verified by the route. */
export interface SocketCaller {
  workspace: string;
  userId?: string | undefined;
  anonymousId?: string | undefined;
}

const CALLER_HEADER = "x-nudge-caller";
const MAX_ID = 256;

/** The upgrade request for the object's fetch(). */
export function connectRequest(caller: SocketCaller): Request {
  const body = { workspace: caller.workspace, userId: caller.userId, anonymousId: caller.anonymousId };
  return new Request("https://user-object.internal/connect", { headers: { upgrade: "websocket", [CALLER_HEADER]: JSON.stringify(body) } });
}

/** The caller of a forwarded upgrade, or null when the request did not come from the route. */
export function readCaller(request: Request): SocketCaller | null {
  const header = request.headers.get(CALLER_HEADER);
  if (header === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(header);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const workspace: unknown = Reflect.get(value, "workspace");
  const userId = optionalId(Reflect.get(value, "userId"));
  const anonymousId = optionalId(Reflect.get(value, "anonymousId"));
  if (typeof workspace !== "string" || workspace === "" || userId === null || anonymousId === null) return null;
  if (userId === undefined && anonymousId === undefined) return null;
  return { workspace, userId, anonymousId };
}

/** undefined when absent, null when invalid. */
function optionalId(value: unknown): string | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === "string" && value !== "" && value.length <= MAX_ID ? value : null;
}
