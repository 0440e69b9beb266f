/**
 * Import options, as they come in the query string or as multipart fields (all text): which
 * journey to enter users into, how columns map and are typed, dry run, delimiter, the phone
 * prefix for numbers without one, and an idempotency key. Pure.
 *
 * Option names are matched without regard to case, `_` or `-` (`dryRun`, `dry_run`, `dry-run`).
 * `mapping` and `types` are a JSON object (`{"Mail":"email"}`) or `column:value` pairs separated
 * by commas (`Mail:email,Tel:phone,Notes:`, an empty target skips the column).
 */

/** How a column's text becomes a trait value. */
export type ColumnType = "auto" | "string" | "number" | "integer" | "boolean" | "date";
export const COLUMN_TYPES: readonly ColumnType[] = ["auto", "string", "number", "integer", "boolean", "date"];

export interface ImportOptions {
  /** Enter every imported user into this journey (its trigger must be `manual`). */
  journey: string | null;
  /** Header → target: "userId", "email", "phone", a trait name, or null to skip the column. */
  mapping: Record<string, string | null>;
  /** Column (header or mapped trait name) → type; other columns are "auto". */
  types: Record<string, ColumnType>;
  /** Read and check every row, store the report, change nothing. */
  dryRun: boolean;
  delimiter: string;
  /** Part of what makes rows "the same": import the same file again with a new key to apply it again. */
  key: string | null;
  /** Calling code put before phone numbers that have none, e.g. "+44". */
  phonePrefix: string | null;
}

export type OptionsResult = { ok: true; options: ImportOptions } | { ok: false; path: string; message: string };

const NAMES = ["journey", "mapping", "types", "dryRun", "delimiter", "key", "phonePrefix"] as const;
type Name = (typeof NAMES)[number];
const squash = (name: string): string => name.toLowerCase().replace(/[-_]/g, "");
const BY_SQUASHED = new Map<string, Name>(NAMES.map((n) => [squash(n), n]));

const DELIMITERS: Record<string, string> = { tab: "\t", "\\t": "\t", comma: ",", semicolon: ";", pipe: "|" };
const MAX_TEXT = 256;

/** Checks options given as text. Unknown names are refused so a typo is not silently ignored. */
export function parseImportOptions(raw: Record<string, string>): OptionsResult {
  const given = new Map<Name, string>();
  for (const [name, value] of Object.entries(raw)) {
    const known = BY_SQUASHED.get(squash(name));
    if (known === undefined) return fail(name, `unknown option "${name}"; the options are ${NAMES.join(", ")}`);
    given.set(known, value);
  }
  const journey = text(given.get("journey"));
  if (journey !== null && journey.length > MAX_TEXT) return fail("journey", `a journey id has at most ${MAX_TEXT} characters`);
  const key = text(given.get("key"));
  if (key !== null && key.length > MAX_TEXT) return fail("key", `the key has at most ${MAX_TEXT} characters`);
  const dryRun = flag(given.get("dryRun"));
  if (dryRun === null) return fail("dryRun", 'must be "true" or "false"');
  const delimiter = parseDelimiter(given.get("delimiter"));
  if (delimiter === null) return fail("delimiter", 'must be one character other than a quote or a line break (or "tab")');
  const phonePrefix = parsePrefix(given.get("phonePrefix"));
  if (phonePrefix === undefined) return fail("phonePrefix", 'must be a calling code such as "+44" or "1"');
  const mapping = parsePairs(given.get("mapping") ?? "", "mapping");
  if (!mapping.ok) return mapping;
  const types = parsePairs(given.get("types") ?? "", "types");
  if (!types.ok) return types;
  const typed: Record<string, ColumnType> = {};
  for (const [column, type] of Object.entries(types.pairs)) {
    const match = COLUMN_TYPES.find((t) => t === type);
    if (match === undefined) return fail(`types.${column}`, `"${type ?? ""}" is not a type; use one of ${COLUMN_TYPES.join(", ")}`);
    typed[column] = match;
  }
  return { ok: true, options: { journey, mapping: mapping.pairs, types: typed, dryRun, delimiter, key, phonePrefix } };
}

function fail(path: string, message: string): OptionsResult {
  return { ok: false, path, message };
}

function text(value: string | undefined): string | null {
  const t = value?.trim() ?? "";
  return t === "" ? null : t;
}

function flag(value: string | undefined): boolean | null {
  const t = (value ?? "").trim().toLowerCase();
  if (t === "" || t === "false" || t === "0" || t === "no") return false;
  if (t === "true" || t === "1" || t === "yes") return true;
  return null;
}

function parseDelimiter(value: string | undefined): string | null {
  if (value === undefined || value === "") return ",";
  const named = DELIMITERS[value.toLowerCase()];
  if (named !== undefined) return named;
  return value.length === 1 && !'"\r\n'.includes(value) ? value : null;
}

/** "+44" for "+44", "44" or "0044"; null when absent; undefined when invalid. */
function parsePrefix(value: string | undefined): string | null | undefined {
  const t = text(value);
  if (t === null) return null;
  const m = /^(?:\+|00)?([1-9]\d{0,3})$/.exec(t);
  return m ? `+${m[1]}` : undefined;
}

type Pairs = { ok: true; pairs: Record<string, string | null> } | { ok: false; path: string; message: string };

function parsePairs(value: string, path: string): Pairs {
  const t = value.trim();
  if (t === "") return { ok: true, pairs: {} };
  if (t.startsWith("{")) return jsonPairs(t, path);
  const pairs: Record<string, string | null> = {};
  for (const part of t.split(",")) {
    const at = part.lastIndexOf(":");
    if (at <= 0) return { ok: false, path, message: `"${part}" is not column:value` };
    const target = part.slice(at + 1).trim();
    pairs[part.slice(0, at).trim()] = target === "" ? null : target;
  }
  return { ok: true, pairs };
}

function jsonPairs(t: string, path: string): Pairs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(t);
  } catch {
    return { ok: false, path, message: "is neither a JSON object nor column:value pairs" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { ok: false, path, message: "must be a JSON object" };
  const pairs: Record<string, string | null> = {};
  for (const [column, target] of Object.entries(parsed)) {
    if (target !== null && typeof target !== "string") return { ok: false, path: `${path}.${column}`, message: "must be a string (or null to skip the column)" };
    pairs[column] = target === null || target.trim() === "" ? null : target.trim();
  }
  return { ok: true, pairs };
}
