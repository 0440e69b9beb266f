/**
 * D1 access for import records: create one when an upload starts (under a provisional id), count
 * as it reads, and at the end either rename it to its content-derived id or, when that id exists
 * (the same file again), fold it into the existing record. Bound parameters only; callers wrap
 * calls in `withImportSchema`.
 */
import type { ImportOptions } from "../options.ts";

/** Stored status: the view derives "processing"/"done" from chunk progress once queued. */
export type StoredStatus = "receiving" | "queued" | "failed" | "dry_run";

export interface ImportRecord {
  id: string;
  workspace: string;
  status: StoredStatus;
  options: ImportOptions;
  filename: string | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  readAt: number | null;
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  rowsQueued: number;
  rowsSkipped: number;
  chunks: number;
  uploads: number;
}

interface ImportRow {
  id: string;
  workspace: string;
  status: StoredStatus;
  options: string;
  filename: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  read_at: number | null;
  rows_read: number;
  rows_valid: number;
  rows_rejected: number;
  rows_queued: number;
  rows_skipped: number;
  chunks: number;
  uploads: number;
}

function toRecord(row: ImportRow): ImportRecord {
  const options: ImportOptions = JSON.parse(row.options);
  return {
    id: row.id,
    workspace: row.workspace,
    status: row.status,
    options,
    filename: row.filename,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    readAt: row.read_at,
    rowsRead: row.rows_read,
    rowsValid: row.rows_valid,
    rowsRejected: row.rows_rejected,
    rowsQueued: row.rows_queued,
    rowsSkipped: row.rows_skipped,
    chunks: row.chunks,
    uploads: row.uploads,
  };
}

/** Starts a record for an upload being read. */
export async function createImport(db: D1Database, job: { id: string; workspace: string; options: ImportOptions; filename: string | null; now: number }): Promise<void> {
  await db
    .prepare("INSERT INTO imports (id, workspace, status, options, filename, created_at, updated_at) VALUES (?, ?, 'receiving', ?, ?, ?, ?)")
    .bind(job.id, job.workspace, JSON.stringify(job.options), job.filename, job.now, job.now)
    .run();
}

/** Counter changes of one flush: read counters are absolute, queue counters are added. */
export interface ReadCounts {
  rowsRead: number;
  rowsValid: number;
  rowsRejected: number;
  queued: number;
  skipped: number;
  chunks: number;
}

/** The statement that records a flush's counters (run in the flush's batch). */
export function countStatement(db: D1Database, id: string, counts: ReadCounts, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE imports SET rows_read = ?, rows_valid = ?, rows_rejected = ?, rows_queued = rows_queued + ?,
         rows_skipped = rows_skipped + ?, chunks = chunks + ?, updated_at = ? WHERE id = ?`,
    )
    .bind(counts.rowsRead, counts.rowsValid, counts.rowsRejected, counts.queued, counts.skipped, counts.chunks, now, id);
}

/** Forgets an upload refused before any row was read (an unusable header). */
export async function dropImport(db: D1Database, id: string): Promise<void> {
  await db.prepare("DELETE FROM imports WHERE id = ?").bind(id).run();
}

/** Marks an upload that could not be read to the end. */
export async function failImport(db: D1Database, id: string, error: string, now: number): Promise<void> {
  await db.prepare("UPDATE imports SET status = 'failed', error = ?, updated_at = ? WHERE id = ?").bind(error, now, id).run();
}

/**
 * Ends reading: the provisional record becomes `finalId` (with its errors and chunk list), or,
 * if `finalId` already exists, is dropped in its favour. Returns true for the latter (a re-run).
 */
export async function finishImport(
  db: D1Database,
  ids: { provisional: string; final: string },
  end: { status: StoredStatus; error: string | null; now: number },
): Promise<{ rerun: boolean }> {
  const { provisional, final } = ids;
  const existing = await db.prepare("SELECT id FROM imports WHERE id = ?").bind(final).first<{ id: string }>();
  if (existing !== null) {
    await db.batch([
      db.prepare("DELETE FROM import_errors WHERE scope = ?").bind(provisional),
      db.prepare("DELETE FROM import_job_chunks WHERE job_id = ?").bind(provisional),
      db.prepare("DELETE FROM imports WHERE id = ?").bind(provisional),
      db.prepare("UPDATE imports SET uploads = uploads + 1, updated_at = ? WHERE id = ?").bind(end.now, final),
    ]);
    return { rerun: true };
  }
  await db.batch([
    db.prepare("UPDATE imports SET id = ?, status = ?, error = ?, read_at = ?, updated_at = ? WHERE id = ?").bind(final, end.status, end.error, end.now, end.now, provisional),
    db.prepare("UPDATE import_errors SET scope = ? WHERE scope = ?").bind(final, provisional),
    db.prepare("UPDATE import_job_chunks SET job_id = ? WHERE job_id = ?").bind(final, provisional),
  ]);
  return { rerun: false };
}

/** One import of `workspace`, or null. */
export async function getImport(db: D1Database, workspace: string, id: string): Promise<ImportRecord | null> {
  const row = await db.prepare("SELECT * FROM imports WHERE id = ? AND workspace = ?").bind(id, workspace).first<ImportRow>();
  return row === null ? null : toRecord(row);
}

/** Where a page of the list starts: after this record (newest first). */
export interface ListCursor {
  createdAt: number;
  id: string;
}

/** The workspace's imports, newest first: `limit` of them after `cursor`. */
export async function listImports(db: D1Database, workspace: string, cursor: ListCursor | null, limit: number): Promise<ImportRecord[]> {
  const at = cursor?.createdAt ?? Number.MAX_SAFE_INTEGER;
  const id = cursor?.id ?? "\uffff";
  const { results } = await db
    .prepare(
      `SELECT * FROM imports WHERE workspace = ? AND (created_at < ? OR (created_at = ? AND id < ?))
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(workspace, at, at, id, limit)
    .all<ImportRow>();
  return results.map(toRecord);
}
