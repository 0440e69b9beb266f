/**
 * Wording helpers for problem messages: how a raw value reads to a marketer, what a JSON type is
 * called, and "did you mean" suggestions for near-miss names.
 */
import { isRecord } from "./path.ts";

const MAX_SHOWN = 40;

/** A short, safe rendering of any value: `"fax"`, `42`, `null`, `a list`, `an object`. Never throws. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const text = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(text);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return kindOf(value);
}

/** What kind of value this is, in words: "text", "a number", "a list", "nothing", ... */
export function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "an object";
  switch (typeof value) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true/false";
    case "bigint":
      return "a big integer";
    case "function":
      return "a function";
    default:
      return `a ${typeof value}`;
  }
}

const EXPECTED: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object ({ … })",
  record: "an object ({ … })",
  array: "a list ([ … ])",
  null: "null",
};

/** A zod `expected` type in words: "string" → "text". */
export function expectedKind(expected: string): string {
  return EXPECTED[expected] ?? expected;
}

/** `a, b or c` with each value shown as JSON where it is text. */
export function listOf(values: readonly unknown[], conjunction = "or"): string {
  const shown = values.map((v) => (typeof v === "string" ? `"${v}"` : show(v)));
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} ${conjunction} ${shown[shown.length - 1]}`;
}

/** ` (did you mean "wait"?)` when `input` is a near miss of one of `candidates`, else "". */
export function didYouMean(input: unknown, candidates: Iterable<string>): string {
  if (typeof input !== "string" || input.length > 64) return "";
  const needle = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(needle.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance && candidate !== input) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

/** Edit distance counting a swap of two neighbours as one edit ("wiat" → "wait"), for short names only. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Number.POSITIVE_INFINITY;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] ?? [];
      let best = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = best;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Number.POSITIVE_INFINITY;
}

/** "a wait", "an end": the indefinite article for a word. */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}
