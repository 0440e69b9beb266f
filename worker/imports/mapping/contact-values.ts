/**
 * E-mail addresses and phone numbers from CSV cells: checked and normalised, or refused with a
 * reason the marketer can act on. Phones become E.164 (`+` and 8 to 15 digits): spaces, dots,
 * dashes and brackets go, a leading `00` becomes `+`, and a number without a calling code gets
 * the import's `phonePrefix` (a national trunk `0` dropped). Pure.
 */

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;
const E164 = /^\+[1-9]\d{7,14}$/;

/** A trimmed address with the domain lower-cased. */
export function checkEmail(raw: string): Checked {
  const t = raw.trim();
  if (t.length > 254 || !EMAIL.test(t)) return { ok: false, reason: `"${clip(t)}" is not an e-mail address` };
  const at = t.lastIndexOf("@");
  return { ok: true, value: `${t.slice(0, at)}@${t.slice(at + 1).toLowerCase()}` };
}

/** The number in E.164, using `prefix` (e.g. "+44") for numbers written without a calling code. */
export function checkPhone(raw: string, prefix: string | null): Checked {
  const t = raw.trim();
  if (!/^[+\d\s().\-/]+$/.test(t) || !/\d/.test(t)) return { ok: false, reason: `"${clip(t)}" is not a phone number` };
  const digits = t.replace(/[\s().\-/]/g, "");
  if (digits.indexOf("+") > 0) return { ok: false, reason: `"${clip(t)}" has a "+" in the middle` };
  let e164: string;
  if (digits.startsWith("+")) e164 = digits;
  else if (digits.startsWith("00")) e164 = `+${digits.slice(2)}`;
  else if (prefix !== null) e164 = `${prefix}${digits.replace(/^0/, "")}`;
  else return { ok: false, reason: `"${clip(t)}" has no calling code: write it as +<code><number>, or set the phonePrefix option` };
  if (!E164.test(e164)) return { ok: false, reason: `"${clip(t)}" is not a valid international number (${e164.length - 1} digits; E.164 has 8 to 15)` };
  return { ok: true, value: e164 };
}

function clip(t: string): string {
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
