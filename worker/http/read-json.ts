/**
 * Reads a request body as JSON under a byte limit, counting bytes as they stream in so an
 * oversize body is refused without buffering it all (Content-Length may be absent or wrong).
 */
import { HttpError } from "./errors.ts";

/**
 * Resolves to the parsed JSON body; throws 413 `payload_too_large` past `maxBytes`, 400
 * `invalid_json` when the body is empty or not JSON.
 */
export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readText(req, maxBytes);
  if (text.trim() === "") throw new HttpError(400, "invalid_json", "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : "parse error";
    throw new HttpError(400, "invalid_json", `The request body is not valid JSON (${detail}).`);
  }
}

/** The body as UTF-8 text, at most `maxBytes` bytes (else 413). */
export async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (req.body === null) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

/** Segment's limits: 32 KB per event, 500 KB per batch request. */
export const EVENT_MAX_BYTES = 32 * 1024;
export const BATCH_MAX_BYTES = 500 * 1024;
/** Admin documents (journeys, templates, simulate timelines). */
export const ADMIN_MAX_BYTES = 1024 * 1024;
