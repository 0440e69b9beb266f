/**
 * One CSV record → one import row (user id + traits), or a rejection with the line, the reason
 * and the column at fault. `email` and `phone` are stored as the traits of those names (what
 * reachability reads). The user id is checked before any other cell, so a rejection that quotes a
 * cell (a bad e-mail, a phone without calling code…) always carries the user id it belongs to:
 * a GDPR erase of that user finds it (docs/imports.md). Pure.
 */
import type { CsvRecord } from "../csv/csv-parser.ts";
import type { JsonObject } from "../../lib/json.ts";
import type { ColumnPlan } from "./column-plan.ts";
import { checkEmail, checkPhone } from "./contact-values.ts";
import { typedValue } from "./typed-value.ts";

/** A valid row, as queued for the user objects. */
export interface ImportRow {
  line: number;
  userId: string;
  traits: JsonObject;
}

/** A row that was not imported: where, why, and which column (when one is at fault). */
export interface Rejection {
  line: number;
  reason: string;
  column?: string;
  /** The row's user id, when the row has a usable one (ragged and id-less rows have none). */
  userId?: string;
}

export type Mapped = { ok: true; row: ImportRow } | { ok: false; rejection: Rejection };

const MAX_USER_ID = 256;
/** Rows are sent 100 to a queue message of at most 128 KB; one row may not take it all. */
export const MAX_ROW_CHARS = 32_768;

/** Maps `record` with `plan`; phones without a calling code get `phonePrefix`. */
export function mapRecord(record: CsvRecord, plan: ColumnPlan, phonePrefix: string | null): Mapped {
  const { line, fields } = record;
  if (record.problem !== undefined) return reject(line, record.problem);
  if (fields.length !== plan.width) {
    return reject(line, `expected ${plan.width} fields (as in the header), found ${fields.length}`);
  }
  const idColumn = plan.columns.find((c) => c.target.role === "userId");
  const userId = (idColumn === undefined ? "" : (fields[idColumn.index] ?? "")).trim();
  if (userId === "") return reject(line, "the user id is empty", idColumn?.header);
  if (userId.length > MAX_USER_ID) return reject(line, `the user id is longer than ${MAX_USER_ID} characters`, idColumn?.header);
  const traits: JsonObject = {};
  for (const { index, header, target } of plan.columns) {
    const cell = fields[index] ?? "";
    switch (target.role) {
      case "skip":
      case "userId":
        break;
      case "email":
      case "phone": {
        if (cell.trim() === "") break;
        const checked = target.role === "email" ? checkEmail(cell) : checkPhone(cell, phonePrefix);
        if (!checked.ok) return reject(line, checked.reason, header, userId);
        traits[target.role] = checked.value;
        break;
      }
      case "trait": {
        const typed = typedValue(cell, target.type);
        if (!typed.ok) return reject(line, typed.reason, header, userId);
        if (typed.value !== undefined) traits[target.name] = typed.value;
        break;
      }
    }
  }
  const size = fields.reduce((sum, f) => sum + f.length, 0);
  if (size > MAX_ROW_CHARS) return reject(line, `the row has ${size} characters; a row may have at most ${MAX_ROW_CHARS}`, undefined, userId);
  return { ok: true, row: { line, userId, traits } };
}

function reject(line: number, reason: string, column?: string, userId?: string): Mapped {
  return { ok: false, rejection: { line, reason, ...(column === undefined ? {} : { column }), ...(userId === undefined ? {} : { userId }) } };
}
