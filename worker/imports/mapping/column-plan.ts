/**
 * What each column of an import means, decided once from the header row and the options:
 * the user id, the e-mail, the phone, a trait (with its type), or skipped. Columns named
 * `userId`/`user_id`/`id`, `email`/`e-mail`/`email_address`, `phone`/`phone_number`/`mobile`
 * (any case) are recognised; every other column is a trait named as its header; `mapping`
 * overrides any of that. A header the import cannot use is refused with the option or column
 * at fault, before any row is read. Pure.
 */
import { type ColumnType, type ImportOptions } from "../options.ts";

export type ColumnRole = { role: "userId" } | { role: "email" } | { role: "phone" } | { role: "trait"; name: string; type: ColumnType } | { role: "skip" };

export interface PlannedColumn {
  index: number;
  header: string;
  target: ColumnRole;
}

export interface ColumnPlan {
  columns: PlannedColumn[];
  /** How many fields every record must have. */
  width: number;
}

export type PlanResult = { ok: true; plan: ColumnPlan } | { ok: false; path: string; message: string };

const squash = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, "");
const RECOGNISED: Record<string, "userId" | "email" | "phone"> = {
  userid: "userId",
  id: "userId",
  email: "email",
  emailaddress: "email",
  phone: "phone",
  phonenumber: "phone",
  mobile: "phone",
};

/** The plan for `header` under `options`, or the first problem. */
export function planColumns(header: readonly string[], options: Pick<ImportOptions, "mapping" | "types">): PlanResult {
  const names = header.map((h) => h.trim());
  for (const column of Object.keys(options.mapping)) {
    if (!names.includes(column)) return fail(`mapping.${column}`, `the header has no column "${column}" (it has ${list(names)})`);
  }
  const columns = names.map((name, index): PlannedColumn => ({ index, header: name, target: roleOf(name, options.mapping) }));
  const problem = checkRoles(columns);
  if (problem !== null) return problem;
  const typed = applyTypes(columns, options.types);
  if (!typed.ok) return typed;
  return { ok: true, plan: { columns: typed.columns, width: names.length } };
}

function roleOf(header: string, mapping: Record<string, string | null>): ColumnRole {
  const target = Object.hasOwn(mapping, header) ? mapping[header] : header;
  if (target === null || target === undefined || target === "") return { role: "skip" };
  const recognised = RECOGNISED[squash(target)];
  if (recognised !== undefined) return { role: recognised };
  return { role: "trait", name: target, type: "auto" };
}

function checkRoles(columns: readonly PlannedColumn[]): PlanResult | null {
  const seen = new Map<string, PlannedColumn>();
  for (const column of columns) {
    const { target } = column;
    if (target.role === "skip") continue;
    const key = target.role === "trait" ? `trait ${target.name}` : target.role;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return fail("header", `columns ${earlier.index + 1} ("${earlier.header}") and ${column.index + 1} ("${column.header}") both give the ${key}; map one of them elsewhere or skip it with mapping`);
    }
    seen.set(key, column);
  }
  if (!seen.has("userId")) {
    return fail("header", "no user id column: name one userId, user_id or id, or map one with the mapping option");
  }
  return null;
}

type Typed = { ok: true; columns: PlannedColumn[] } | { ok: false; path: string; message: string };

function applyTypes(columns: readonly PlannedColumn[], types: Record<string, ColumnType>): Typed {
  const out = [...columns];
  for (const [name, type] of Object.entries(types)) {
    const at = out.findIndex((c) => c.header === name || (c.target.role === "trait" && c.target.name === name));
    const column = out[at];
    if (column === undefined) return fail(`types.${name}`, `no column or trait "${name}" in this file`);
    if (column.target.role !== "trait") return fail(`types.${name}`, `"${name}" is the ${column.target.role} column; only trait columns take a type`);
    out[at] = { ...column, target: { ...column.target, type } };
  }
  return { ok: true, columns: out };
}

function fail(path: string, message: string): { ok: false; path: string; message: string } {
  return { ok: false, path, message };
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => `"${n}"`).join(", ");
  return names.length > 10 ? `${shown}, …` : shown;
}
