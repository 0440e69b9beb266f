/**
 * When the browser SDK last had a session with this user: set on `GET /v1/connect`, `GET /v1/inbox`,
 * a frame on an open socket, and a `/v1/batch` sent from a page by nudge.js. In-app and overlay
 * reachability reads it (worker/user/delivery/user-contact.ts → `sdkSeenAt`, 30 days). Kept in the
 * object's `meta` table, so it needs no profile row: a visitor can connect before their first event lands.
 */
import type { Millis } from "../../journey/types.ts";
import { SDK_SEEN_AT } from "../delivery/user-contact.ts";
import type { MetaStore } from "../store/meta-store.ts";

/** Records an SDK session at `now` (never moves the time back). */
export function touchSdkSession(meta: MetaStore, now: Millis): void {
  const last = sdkSeenAt(meta);
  if (last === undefined || now > last) meta.set(SDK_SEEN_AT, String(now));
}

/** The last SDK session time, or undefined when the SDK never connected. */
export function sdkSeenAt(meta: MetaStore): Millis | undefined {
  const text = meta.get(SDK_SEEN_AT);
  const at = text === null ? NaN : Number(text);
  return Number.isFinite(at) ? at : undefined;
}

/**
 * True for an ingest item sent by nudge.js from a page (Segment `context.library.name` is
 * "nudge.js" and `context.page` is set; the service worker sends no page). Pure.
 */
export function isSdkPageItem(item: unknown): boolean {
  const context = field(item, "context");
  return field(field(context, "library"), "name") === "nudge.js" && isObject(field(context, "page"));
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? Reflect.get(value, key) : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
