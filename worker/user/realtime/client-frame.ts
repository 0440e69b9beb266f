/**
 * Frames the browser SDK sends on the `/v1/connect` WebSocket (sdk/protocol.ts `ClientFrame`), and
 * the error frame a bad one gets back. Anything a client sends is parsed here, so a malformed frame
 * becomes an answer, never an exception in the Durable Object. Pure.
 */

/** What the SDK may send: `pong` (answer to a ping), `ack` (a message frame arrived, not yet shown). */
export type ClientFrame = { type: "pong" } | { type: "ack"; id: string };

/** What a bad frame gets back on the same socket. The SDK ignores frames it does not know. */
export interface ErrorFrame {
  type: "error";
  code: "binary_frame" | "too_large" | "bad_json" | "bad_frame";
  message: string;
}

/** Largest client frame accepted, in characters (acks and pongs are tiny). */
export const MAX_CLIENT_FRAME_CHARS = 4096;
const MAX_ID = 512;

export type ParsedClientFrame = { ok: true; frame: ClientFrame } | { ok: false; error: ErrorFrame };

const fail = (code: ErrorFrame["code"], message: string): ParsedClientFrame => ({ ok: false, error: { type: "error", code, message } });

/**
 * Reads one WebSocket message.
 * @example parseClientFrame('{"type":"ack","id":"dlv_1"}') // { ok: true, frame: { type: "ack", id: "dlv_1" } }
 * @example parseClientFrame("hello").ok // false (code "bad_json")
 */
export function parseClientFrame(message: string | ArrayBuffer): ParsedClientFrame {
  if (typeof message !== "string") return fail("binary_frame", "send JSON text frames");
  if (message.length > MAX_CLIENT_FRAME_CHARS) return fail("too_large", `frames are at most ${MAX_CLIENT_FRAME_CHARS} characters`);
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return fail("bad_json", "the frame is not JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("bad_frame", 'a frame is an object with a "type"');
  const type: unknown = Reflect.get(value, "type");
  if (type === "pong") return { ok: true, frame: { type: "pong" } };
  if (type === "ack") {
    const id: unknown = Reflect.get(value, "id");
    if (typeof id !== "string" || id === "" || id.length > MAX_ID) return fail("bad_frame", "id: an ack needs the message id");
    return { ok: true, frame: { type: "ack", id } };
  }
  return fail("bad_frame", `type: expected "pong" or "ack", got ${JSON.stringify(type)?.slice(0, 40) ?? "nothing"}`);
}
