/**
 * Reads an API key from a request the ways Segment clients send it: `Authorization: Basic
 * base64(key:)` (key as user name), `Authorization: Bearer key`, or `writeKey` in the JSON body.
 */

/** The key in an Authorization header, "" when the header is malformed, null when absent. */
export function keyFromAuthorization(header: string | undefined | null): string | null {
  if (header === undefined || header === null || header.trim() === "") return null;
  const [scheme = "", value = ""] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (!/^basic$/i.test(scheme)) return "";
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return "";
  }
  const colon = decoded.indexOf(":");
  return colon === -1 ? decoded : decoded.slice(0, colon);
}

/** The `writeKey` field of a JSON body, if it has one. */
export function keyFromBody(body: unknown): string | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const key: unknown = Reflect.get(body, "writeKey");
  return typeof key === "string" ? key : null;
}
