/**
 * Loose comparisons for filter values that arrive as JSON from SDKs, imports and APIs: numbers
 * may be numeric strings, booleans may be "true"/"false". Pure.
 */

/** Decimal notation only: "0x10", "Infinity" or "" are not numbers to a marketer. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A finite number, or a string holding one in decimal notation ("42", " -3.5 ", "1e3"); null otherwise. */
export function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** True for values a filter can compare: strings, finite numbers and booleans. */
export function isComparable(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function toBoolean(value: string): boolean | null {
  const t = value.trim().toLowerCase();
  return t === "true" ? true : t === "false" ? false : null;
}

/**
 * Equality of two comparable values: same type → strict equality; number vs numeric string →
 * as numbers; boolean vs "true"/"false" (any case) → as booleans. Anything else → false.
 * @example looseEquals(3, "3") // true
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (!isComparable(a) || !isComparable(b)) return false;
  if (typeof a === typeof b) return a === b;
  if (typeof a === "boolean" && typeof b === "string") return toBoolean(b) === a;
  if (typeof b === "boolean" && typeof a === "string") return toBoolean(a) === b;
  if (typeof a === "number" || typeof b === "number") {
    const x = toNumber(a), y = toNumber(b);
    return x !== null && y !== null && x === y;
  }
  return false;
}

/** A short printable form of a value for trace reasons (JSON, truncated). */
export function show(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? `[${typeof value}]`;
  } catch {
    text = "[unprintable]"; // cyclic objects, BigInt
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
