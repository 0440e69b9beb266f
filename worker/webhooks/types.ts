/**
 * The contract between the webhook routes and the provider modules: the request as received,
 * and what verifying and parsing it gives back.
 */
import type { EngagementSignal } from "../delivery/engagement/signal.ts";

/** Request headers: a Fetch `Headers`, or a plain object (names compared case-insensitively). */
export type HeadersLike = Headers | Readonly<Record<string, string | undefined>>;

/** A provider callback exactly as it arrived. `rawBody` must be the unparsed body text: signatures cover its bytes. */
export interface WebhookRequest {
  method: string;
  /** The full public URL the provider called, query included (Twilio signs it). */
  url: string;
  headers: HeadersLike;
  rawBody: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** What `parse` may use besides the body. */
export interface ParseContext {
  url?: string;
  headers?: HeadersLike;
  /** When the callback arrived: the event time for providers that send none (Twilio). */
  receivedAt?: number;
}

export type ParseResult =
  | { ok: true; signals: EngagementSignal[]; /** Events deliberately not turned into signals, with why ("email.sent: not an engagement"). */ ignored: string[] }
  | { ok: false; reason: string };

/** The value of header `name`, or undefined. */
export function header(headers: HeadersLike | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Parses JSON without throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** A plain object's fields, or undefined. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
}

/** A non-empty string field, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
}

/** An instant from an ISO string or epoch seconds, else `fallback`. */
export function instant(value: unknown, fallback: number | undefined): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value * 1000;
  if (typeof value === "string") {
    const asNumber = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    if (Number.isFinite(asNumber)) return asNumber;
  }
  return fallback;
}
