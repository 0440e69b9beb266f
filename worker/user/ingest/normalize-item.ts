/**
 * Checks one ingest item at the object's door, so a bad item is rejected with the field at fault
 * instead of failing the batch. Pure.
 */
import { isValidTimeZone } from "../../journey/time/zoned.ts";
import { isRecord } from "../store/profile-store.ts";
import type { Attributes } from "../../journey/types.ts";

/** A valid item, reduced to what the object uses. */
export interface NormalizedItem {
  kind: "event" | "identify";
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** Events: the event name ("Page Viewed" for page calls). */
  name: string | null;
  properties: Attributes;
  traits: Attributes;
  at: number;
  timeZone: string | null;
}

export type Normalized = { ok: true; item: NormalizedItem } | { ok: false; reason: string; path: string };

const MAX_ID = 256;
const fail = (path: string, reason: string): Normalized => ({ ok: false, path, reason });
const optionalString = (v: unknown): v is string | undefined => v === undefined || (typeof v === "string" && v.length <= MAX_ID);

/** Validates `raw` (untrusted) at `now`; a timestamp in the future is clamped to `now`. */
export function normalizeItem(raw: unknown, now: number): Normalized {
  if (!isRecord(raw)) return fail("", "an item must be an object");
  const { type, messageId, timestamp } = raw;
  if (type !== "track" && type !== "identify" && type !== "page" && type !== "alias") return fail("type", 'must be "track", "identify", "page" or "alias"');
  if (typeof messageId !== "string" || messageId === "" || messageId.length > MAX_ID) return fail("messageId", `must be a non-empty string of at most ${MAX_ID} characters`);
  if (typeof timestamp !== "number" || !Number.isFinite(timestamp) || timestamp < 0) return fail("timestamp", "must be epoch milliseconds");
  if (!optionalString(raw["userId"])) return fail("userId", "must be a string");
  if (!optionalString(raw["anonymousId"])) return fail("anonymousId", "must be a string");
  if (type === "alias") return fail("type", "alias is handled by the API (identity merge), not by a user object");
  for (const field of ["properties", "traits", "context"] as const) {
    if (raw[field] !== undefined && !isRecord(raw[field])) return fail(field, "must be an object");
  }
  const properties = isRecord(raw["properties"]) ? raw["properties"] : {};
  const traits = isRecord(raw["traits"]) ? raw["traits"] : {};
  const context = isRecord(raw["context"]) ? raw["context"] : {};
  let name: string | null = null;
  if (type === "track") {
    if (typeof raw["event"] !== "string" || raw["event"] === "") return fail("event", "a track call needs an event name");
    name = raw["event"];
  }
  const page = type === "page" && typeof raw["name"] === "string" ? { name: raw["name"] } : {};
  if (type === "page") name = "Page Viewed";
  const zone = context["timezone"] ?? traits["timezone"];
  return {
    ok: true,
    item: {
      kind: type === "identify" ? "identify" : "event",
      messageId,
      userId: typeof raw["userId"] === "string" ? raw["userId"] : null,
      anonymousId: typeof raw["anonymousId"] === "string" ? raw["anonymousId"] : null,
      name,
      properties: { ...properties, ...page },
      traits,
      at: Math.min(timestamp, now),
      timeZone: typeof zone === "string" && isValidTimeZone(zone) ? zone : null,
    },
  };
}
