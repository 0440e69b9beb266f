/**
 * D1 access for per-row errors: rows rejected while reading (scope = the import's id) and rows
 * that failed, or were not entered into the journey, when applied (scope = their chunk's key, so
 * every upload of that chunk shows them). One error per line and kind. Each is stored with the
 * key of the row's user, so erasing the user (GDPR) deletes the errors of their rows, whose
 * reasons may quote their values. Callers wrap calls in `withImportSchema`.
 */
import { sha256Hex } from "../hash.ts";

/** `rejected`: not imported (bad value, ragged row…); `failed`: the profile update failed; `not_entered`: profile updated, journey entry refused. */
export type ErrorKind = "rejected" | "failed" | "not_entered";

export interface RowError {
  line: number;
  kind: ErrorKind;
  reason: string;
  column?: string;
}

/** A row error as stored: with `importUserKey` of the row's user, null when the row has no usable id. */
export interface StoredRowError extends RowError {
  userKey: string | null;
}

/**
 * The key a row's errors are stored under for its user: hex SHA-256 of workspace and user id (the
 * table keeps no user id in clear). `DELETE /v1/admin/users/{id}` computes it to erase them.
 */
export function importUserKey(workspace: string, userId: string): Promise<string> {
  return sha256Hex(`${workspace}\n${userId}`);
}

/** Statement: stores `errors` under `scope` (an error already stored for the line and kind is kept). */
export function insertErrorsStatement(db: D1Database, scope: string, errors: readonly StoredRowError[]): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO import_errors (scope, line, kind, reason, column_name, user_key)
       SELECT ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]')
       FROM json_each(?)`,
    )
    .bind(scope, JSON.stringify(errors.map((e) => [e.line, e.kind, e.reason, e.column ?? null, e.userKey])));
}

/** Statement: deletes every import error of the user with `userKey` (GDPR erase; counters stay). */
export function eraseUserErrorsStatement(db: D1Database, userKey: string): D1PreparedStatement {
  return db.prepare("DELETE FROM import_errors WHERE user_key = ?").bind(userKey);
}

interface ErrorRow {
  line: number;
  kind: ErrorKind;
  reason: string;
  column_name: string | null;
}

/** Import `jobId`'s errors by line, `limit` of them after line `after`. */
export async function pageErrors(db: D1Database, jobId: string, after: number, limit: number): Promise<RowError[]> {
  const { results } = await db
    .prepare(
      `SELECT line, kind, reason, column_name FROM import_errors WHERE scope = ?1 AND line > ?2
       UNION ALL
       SELECT e.line, e.kind, e.reason, e.column_name FROM import_job_chunks c JOIN import_errors e ON e.scope = c.chunk_key
       WHERE c.job_id = ?1 AND e.line > ?2
       ORDER BY line, kind LIMIT ?3`,
    )
    .bind(jobId, after, limit)
    .all<ErrorRow>();
  return results.map((r) => (r.column_name === null ? { line: r.line, kind: r.kind, reason: r.reason } : { line: r.line, kind: r.kind, reason: r.reason, column: r.column_name }));
}
