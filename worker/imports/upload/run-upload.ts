/**
 * One upload, end to end, in the request: open an import record under a provisional id, stream
 * the CSV through `readUpload` into D1 and the queue, then give the record its content-derived id
 * (or, for the same file again, fold it into the earlier import). The rows are applied later by
 * the queue consumer.
 */
import { readCsv } from "../csv/read-csv.ts";
import type { ImportOptions } from "../options.ts";
import { createImport, dropImport, failImport, finishImport } from "../store/import-jobs.ts";
import { importsDb, withImportSchema } from "../store/import-schema.ts";
import { queueSink } from "./queue-sink.ts";
import { ImportHeaderError, importScope, readUpload, type UploadSummary } from "./read-upload.ts";

export interface UploadRequest {
  env: Env;
  workspace: string;
  options: ImportOptions;
  csv: ReadableStream<Uint8Array>;
  filename: string | null;
  now: () => number;
}

export interface UploadOutcome {
  id: string;
  /** The same file with the same options was imported before: `id` is that import. */
  rerun: boolean;
}

/** Thrown when reading failed part-way; the import `id` is kept (status "failed") with what was read. */
export class UploadFailed extends Error {
  readonly id: string;
  constructor(id: string, message: string) {
    super(message);
    this.name = "UploadFailed";
    this.id = id;
  }
}

/** Reads the upload; throws `ImportHeaderError` (nothing kept) or `UploadFailed`. */
export async function runUpload(request: UploadRequest): Promise<UploadOutcome> {
  const { env, workspace, options, now } = request;
  const db = importsDb(env);
  const at = now();
  const provisional = `up_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
  await withImportSchema(db, () => createImport(db, { id: provisional, workspace, options, filename: request.filename, now: at }));
  const scope = await importScope(workspace, options);
  const sink = queueSink({ db, queue: env.IMPORTS, jobId: provisional, workspace, journey: options.journey, scope, dryRun: options.dryRun, at, now });
  let summary: UploadSummary;
  try {
    summary = await readUpload(readCsv(request.csv, { delimiter: options.delimiter }), { workspace, options }, sink);
  } catch (error) {
    if (error instanceof ImportHeaderError) {
      await withImportSchema(db, () => dropImport(db, provisional));
      throw error;
    }
    const why = error instanceof Error ? error.message : String(error);
    console.error(`[nudge] import ${provisional} failed while reading: ${why}`);
    await failImport(db, provisional, `the upload stopped while being read: ${why}`, now()).catch(() => undefined);
    throw new UploadFailed(provisional, why);
  }
  const stoppedText = summary.stopped === null ? null : `could not read past line ${summary.stopped.line} (${summary.stopped.reason}); the rows before it were imported`;
  const status = summary.stopped !== null ? "failed" : options.dryRun ? "dry_run" : "queued";
  const end = await withImportSchema(db, () => finishImport(db, { provisional, final: summary.id }, { status, error: stoppedText, now: now() }));
  return { id: summary.id, rerun: end.rerun };
}
