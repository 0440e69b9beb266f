/**
 * Identifiers for ad-platform audiences, normalised the way each platform matches them, then
 * SHA-256 hashed (lower-case hex): e-mails trimmed and lower-cased; phones as digits with the
 * country code and no leading zeros — Meta wants digits only, Google wants E.164 with "+".
 * Meta: https://developers.facebook.com/docs/marketing-api/audiences/guides/custom-audiences#hash
 * Google: https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started
 */
import { hex, utf8 } from "./bytes.ts";

/** What we know about a user to match them on a platform. */
export interface AudienceIdentity {
  email?: string | undefined;
  /** Preferably E.164 ("+15551234567"); "00…" international prefixes are understood. */
  phone?: string | undefined;
}

/** Trimmed, lower-cased e-mail, or undefined when it is not one. Pure. */
export function normalizeEmail(email: string | undefined): string | undefined {
  const out = email?.trim().toLowerCase();
  return out !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(out) ? out : undefined;
}

/** Country code + number, digits only, no leading zeros ("+44 (0)20…" is not guessed at). Pure. */
export function normalizePhoneDigits(phone: string | undefined): string | undefined {
  const digits = phone?.replace(/\D/g, "").replace(/^0+/, "");
  return digits !== undefined && digits.length >= 7 && digits.length <= 15 ? digits : undefined;
}

/** E.164: "+" and the digits. Pure. */
export function normalizePhoneE164(phone: string | undefined): string | undefined {
  const digits = normalizePhoneDigits(phone);
  return digits === undefined ? undefined : `+${digits}`;
}

/** Lower-case hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(text))));
}

/** Splits `items` into batches of at most `size`. Pure. */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
