/**
 * What GET /v1/admin/imports/{id} answers: the import's status, options, row counters (read,
 * rejected, queued, applied, failed, entered…) and a page of per-row errors with line numbers.
 */
import type { ChunkProgress } from "./store/import-chunks.ts";
import type { RowError } from "./store/import-errors.ts";
import type { ImportRecord } from "./store/import-jobs.ts";
import type { ImportOptions } from "./options.ts";

/**
 * `receiving`: the file is being read; `processing`: read, rows being applied; `done`: every
 * row applied or failed; `failed`: the file could not be read to the end (`error` says where);
 * `dry_run`: read and checked only.
 */
export type ImportStatus = "receiving" | "processing" | "done" | "failed" | "dry_run";

export interface ImportRows {
  /** Data records read (the header excluded; blank lines skipped). */
  read: number;
  valid: number;
  /** Not imported: see `errors` (kind "rejected"). */
  rejected: number;
  /** Sent to the queue by this import. */
  queued: number;
  /** Valid rows an earlier upload of the same rows had already queued (not sent again). */
  skipped: number;
  /** Profiles created or updated (re-applied identical rows included). */
  applied: number;
  /** Could not be applied: see `errors` (kind "failed"). */
  failed: number;
  /** Valid rows not yet applied or failed. */
  pending: number;
  /** Entered into the journey. */
  entered: number;
  /** Profile updated but the journey refused the entry: see `errors` (kind "not_entered"). */
  notEntered: number;
  /** Rows already applied before with the same content (so not entered again). */
  duplicates: number;
}

export interface ImportView {
  id: string;
  status: ImportStatus;
  filename: string | null;
  options: ImportOptions;
  error?: string;
  /** How many uploads of this same file (and options) there were. */
  uploads: number;
  createdAt: string;
  updatedAt: string;
  readAt: string | null;
  rows: ImportRows;
  errors: RowError[];
  /** Pass as `after` for the next page of errors; null when this page is the last. */
  nextErrorsAfter: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** An upload still "receiving" with no progress for this long was cut off (the Worker stopped). */
export const STALLED_UPLOAD_MS = 15 * 60 * 1000;

/** The view of `record` at `now` with its chunk `progress` and one page of `errors` (`limit` asked). Pure. */
export function importView(record: ImportRecord, progress: ChunkProgress, errors: RowError[], limit: number, now: number): ImportView {
  const settled = progress.applied + progress.failed;
  const stalled = record.status === "receiving" && now - record.updatedAt > STALLED_UPLOAD_MS;
  const view: ImportView = {
    id: record.id,
    status: stalled ? "failed" : status(record, progress),
    filename: record.filename,
    options: record.options,
    uploads: record.uploads,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    readAt: record.readAt === null ? null : iso(record.readAt),
    rows: {
      read: record.rowsRead,
      valid: record.rowsValid,
      rejected: record.rowsRejected,
      queued: record.rowsQueued,
      skipped: record.rowsSkipped,
      applied: progress.applied,
      failed: progress.failed,
      pending: record.status === "dry_run" ? 0 : Math.max(0, record.rowsValid - settled),
      entered: progress.entered,
      notEntered: progress.notEntered,
      duplicates: progress.duplicates,
    },
    errors,
    nextErrorsAfter: errors.length >= limit ? (errors.at(-1)?.line ?? null) : null,
  };
  if (record.error !== null) view.error = record.error;
  if (stalled) view.error = `the upload stopped being read at ${iso(record.updatedAt)} after ${record.rowsRead} rows; upload the file again (rows already applied are not applied twice)`;
  return view;
}

function status(record: ImportRecord, progress: ChunkProgress): ImportStatus {
  if (record.status !== "queued") return record.status;
  const allDone = progress.chunks === record.chunks && progress.chunksDone === progress.chunks;
  return allDone ? "done" : "processing";
}
