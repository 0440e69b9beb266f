/**
 * Tables the merge has no special rule for — those added by later migrations (push subscriptions,
 * pending in-app messages, …) — are exported whole and copied into the known user's object with
 * INSERT OR IGNORE: rows whose key the known user already has stay as they are. Integer primary
 * keys (row ids) are left for the target to assign; text values that are run-derived keys are
 * re-keyed like everything else.
 */
import type { OtherTable } from "./merge-types.ts";

/** Tables merged by their own rules (or never merged). */
const HANDLED = new Set(["profile", "events", "runs", "timers", "outbox", "messages", "trace", "segment_membership", "meta", "schema_version"]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The other tables' rows. */
export function exportOtherTables(sql: SqlStorage): OtherTable[] {
  return tableNames(sql).map((table) => ({ table, rows: sql.exec(`SELECT * FROM "${table}"`).toArray() }));
}

/**
 * Copies `tables` into this object's tables of the same name (only the columns both have).
 * @returns rows inserted
 */
export function importOtherTables(sql: SqlStorage, tables: readonly OtherTable[], rekey: (value: string) => string): number {
  const existing = new Set(tableNames(sql));
  let inserted = 0;
  for (const { table, rows } of tables) {
    if (!existing.has(table) || !NAME.test(table)) continue;
    const columns = copyableColumns(sql, table);
    for (const row of rows) {
      const names = columns.filter((c) => Object.hasOwn(row, c));
      if (names.length === 0) continue;
      const values = names.map((c) => {
        const v = row[c] ?? null;
        return typeof v === "string" ? rekey(v) : v;
      });
      const query = `INSERT OR IGNORE INTO "${table}" (${names.map((c) => `"${c}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")}) RETURNING 1 AS x`;
      inserted += sql.exec(query, ...values).toArray().length;
    }
  }
  return inserted;
}

function tableNames(sql: SqlStorage): string[] {
  return sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
    .toArray()
    .map((r) => r.name)
    .filter((name) => NAME.test(name) && !HANDLED.has(name) && !name.startsWith("sqlite_") && !name.startsWith("_cf_"));
}

/** Columns of `table`, without an INTEGER PRIMARY KEY (the row id). */
function copyableColumns(sql: SqlStorage, table: string): string[] {
  return sql
    .exec<{ name: string; type: string; pk: number }>(`PRAGMA table_info("${table}")`)
    .toArray()
    .filter((c) => NAME.test(c.name) && !(c.pk === 1 && c.type.toUpperCase() === "INTEGER"))
    .map((c) => c.name);
}
