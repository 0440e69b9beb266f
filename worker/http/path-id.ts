/** Path ids of catalog documents: the same rule the journey and segment schemas apply to `id`. */
import { HttpError } from "./errors.ts";

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `id` if it is a valid catalog id, else a 400 naming the path parameter. */
export function catalogId(id: string): string {
  if (!ID.test(id)) throw new HttpError(400, "invalid_id", "ids use lower-case letters, digits, - and _ (max 64)", { path: "id" });
  return id;
}

/**
 * The body with its `id` set from the path: a body without `id` takes the path's, a different one
 * is a 400 (a PUT must not store a document under another id than its URL).
 */
export function withPathId(body: unknown, id: string): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const given: unknown = Reflect.get(body, "id");
  if (given !== undefined && given !== id) {
    throw new HttpError(400, "id_mismatch", `the body's id ${JSON.stringify(given)} differs from the URL's ${JSON.stringify(id)}`, { path: "id" });
  }
  return { ...body, id };
}
