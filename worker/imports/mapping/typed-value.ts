/**
 * A CSV cell's text as a trait value. `auto` (the default) types what is unambiguous: decimal
 * numbers (but not "007" or 16-digit ids, which stay text), `true`/`false`, and ISO dates
 * (date-times with an offset are normalised to UTC). An explicit type rejects text that does not
 * fit, with a reason. An empty cell is no value: the trait is left as it was. Pure.
 */
import type { JsonValue } from "../../lib/json.ts";
import { parseIsoDate } from "../../journey/time/dates.ts";
import type { ColumnType } from "../options.ts";

export type Typed = { ok: true; value: JsonValue | undefined } | { ok: false; reason: string };

const AUTO_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ANY_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

/** The value of `raw` under `type`. */
export function typedValue(raw: string, type: ColumnType): Typed {
  if (type === "string") return { ok: true, value: raw === "" ? undefined : raw };
  const t = raw.trim();
  if (t === "") return { ok: true, value: undefined };
  switch (type) {
    case "auto":
      return { ok: true, value: autoValue(t) };
    case "number":
    case "integer": {
      const n = ANY_NUMBER.test(t) ? Number(t) : Number.NaN;
      if (!Number.isFinite(n)) return { ok: false, reason: `"${clip(t)}" is not a number` };
      if (type === "integer" && !Number.isSafeInteger(n)) return { ok: false, reason: `"${clip(t)}" is not a whole number` };
      return { ok: true, value: n };
    }
    case "boolean": {
      const lower = t.toLowerCase();
      if (TRUE.has(lower)) return { ok: true, value: true };
      if (FALSE.has(lower)) return { ok: true, value: false };
      return { ok: false, reason: `"${clip(t)}" is not true/false (or yes/no, 1/0)` };
    }
    case "date": {
      const date = isoDate(t);
      return date === null ? { ok: false, reason: `"${clip(t)}" is not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])` } : { ok: true, value: date };
    }
  }
}

function autoValue(t: string): JsonValue {
  if (AUTO_NUMBER.test(t)) {
    const n = Number(t);
    // Long digit strings are ids (card numbers, barcodes): a number would round them.
    const digits = t.replace(/^-/, "").replace(/[.eE].*$/, "").length;
    if (Number.isFinite(n) && digits <= 15) return n;
  }
  const lower = t.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return isoDate(t) ?? t;
}

/**
 * An ISO date or date-time as stored: dates and local date-times (read later in the user's time
 * zone) as given, date-times with an offset as UTC ISO text; null when not a real ISO date.
 */
function isoDate(t: string): string | null {
  if (parseIsoDate(t) !== null) return t;
  const m = DATE_TIME.exec(t);
  if (m === null || parseIsoDate(m[1] ?? "") === null) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  if (m[5] === undefined) return t;
  const offset = m[5].length === 5 ? `${m[5].slice(0, 3)}:${m[5].slice(3)}` : m[5];
  const at = Date.parse(`${t.slice(0, t.length - m[5].length).replace(" ", "T")}${offset.toUpperCase()}`);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}

function clip(t: string): string {
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
