/**
 * The imports' D1 tables, created on first use with idempotent DDL (safe to run again at any
 * time), in the catalog database (binding CATALOG_DB).
 *
 * - `imports`: one row per import (upload): options, status, read counters.
 * - `import_chunks`: one row per chunk of ≤100 valid rows, keyed by the hash of its scope and
 *   rows, shared by every upload of the same rows: the ledger that makes re-runs skip work, and
 *   where the queue consumer counts what it applied.
 * - `import_job_chunks`: which chunks (in file order) make up an import.
 * - `import_errors`: rejected rows (scope = import id) and rows that failed or were not entered
 *   when applied (scope = chunk key), each with its line and reason, and `user_key` =
 *   `importUserKey(workspace, userId)` of the row's user (null when the row has no usable id): a
 *   reason may quote the row's values (an e-mail, a phone), so a GDPR erase deletes by it.
 */
import { d1SchemaGuard, type SchemaGuard } from "../../lib/d1-schema-guard.ts";

const DDL = [
  `CREATE TABLE IF NOT EXISTS imports (
     id TEXT PRIMARY KEY, workspace TEXT NOT NULL, status TEXT NOT NULL, options TEXT NOT NULL,
     filename TEXT, error TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, read_at INTEGER,
     rows_read INTEGER NOT NULL DEFAULT 0, rows_valid INTEGER NOT NULL DEFAULT 0, rows_rejected INTEGER NOT NULL DEFAULT 0,
     rows_queued INTEGER NOT NULL DEFAULT 0, rows_skipped INTEGER NOT NULL DEFAULT 0,
     chunks INTEGER NOT NULL DEFAULT 0, uploads INTEGER NOT NULL DEFAULT 1)`,
  `CREATE INDEX IF NOT EXISTS imports_by_workspace ON imports (workspace, created_at)`,
  `CREATE TABLE IF NOT EXISTS import_chunks (
     key TEXT PRIMARY KEY, workspace TEXT NOT NULL, rows INTEGER NOT NULL, status TEXT NOT NULL,
     applied INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, entered INTEGER NOT NULL DEFAULT 0,
     not_entered INTEGER NOT NULL DEFAULT 0, duplicates INTEGER NOT NULL DEFAULT 0,
     queued_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS import_job_chunks (
     job_id TEXT NOT NULL, seq INTEGER NOT NULL, chunk_key TEXT NOT NULL, PRIMARY KEY (job_id, seq))`,
  `CREATE TABLE IF NOT EXISTS import_errors (
     scope TEXT NOT NULL, line INTEGER NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL, column_name TEXT,
     user_key TEXT, PRIMARY KEY (scope, line, kind))`,
  `CREATE INDEX IF NOT EXISTS import_errors_by_user ON import_errors (user_key) WHERE user_key IS NOT NULL`,
];

/** The database the imports live in. */
export function importsDb(env: Pick<Env, "CATALOG_DB">): D1Database {
  return env.CATALOG_DB;
}

const withTables = d1SchemaGuard(DDL);
let upgraded: Promise<void> | null = null;

/** Runs `work` once this module's tables exist (see d1SchemaGuard), upgraded to the current columns. */
export const withImportSchema: SchemaGuard = async (db, work) => {
  upgraded ??= addUserKeyColumn(db).catch((err: unknown) => {
    upgraded = null;
    throw err;
  });
  await upgraded;
  return withTables(db, work);
};

/**
 * Databases made before `import_errors.user_key` existed get the column (their older rows keep
 * null: they cannot be matched to a user). Runs before the DDL, whose index needs the column.
 * Idempotent, and safe when another isolate adds it at the same time.
 */
export async function addUserKeyColumn(db: D1Database): Promise<void> {
  const { results } = await db.prepare("PRAGMA table_info(import_errors)").all<{ name: string }>();
  if (results.length === 0 || results.some((c) => c.name === "user_key")) return;
  try {
    await db.prepare("ALTER TABLE import_errors ADD COLUMN user_key TEXT").run();
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("duplicate column")) throw err;
  }
}
