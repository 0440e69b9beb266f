/**
 * The upload's sink in the Worker: each flush claims its chunks in D1 (chunks an earlier upload
 * of the same rows already claimed are skipped), sends the claimed ones to the IMPORTS queue
 * (≤100 messages and ≤256 KB per sendBatch), then records the import's chunk list, its rejected
 * rows and its counters in one D1 batch. A dry run only records rejections and counters.
 */
import type { ImportMessage } from "../messages.ts";
import { claimChunks, linkChunksStatement, releaseChunks } from "../store/import-chunks.ts";
import { importUserKey, insertErrorsStatement, type StoredRowError } from "../store/import-errors.ts";
import { countStatement } from "../store/import-jobs.ts";
import { withImportSchema } from "../store/import-schema.ts";
import type { Rejection } from "../mapping/map-record.ts";
import type { RowChunk } from "./chunker.ts";
import type { FlushPart, UploadSink } from "./read-upload.ts";

export interface QueueSinkDeps {
  db: D1Database;
  queue: Queue;
  /** The import's (provisional) id. */
  jobId: string;
  workspace: string;
  journey: string | null;
  scope: string;
  dryRun: boolean;
  /** When the upload started. */
  at: number;
  now: () => number;
}

/** Queues take at most 100 messages and 256 KB per sendBatch. */
const MAX_BATCH_MESSAGES = 100;
const MAX_BATCH_BYTES = 250_000;
const ENVELOPE_BYTES = 1_000;

/** A sink writing to D1 and the queue; `queued`/`skipped` count rows so far. */
export function queueSink(deps: QueueSinkDeps): UploadSink & { readonly totals: { queued: number; skipped: number } } {
  const { db } = deps;
  const totals = { queued: 0, skipped: 0 };
  let valid = 0;
  let rejected = 0;
  let seq = 0;
  return {
    totals,
    async flush(part: FlushPart): Promise<void> {
      const rows = part.chunks.reduce((n, c) => n + c.rows.length, 0);
      valid += rows;
      rejected += part.rejected.length;
      let queued = 0;
      if (!deps.dryRun) {
        const claimed = await withImportSchema(db, () => claimChunks(db, deps.workspace, part.chunks.map((c) => ({ key: c.key, rows: c.rows.length })), deps.now()));
        const toSend = part.chunks.filter((c) => claimed.has(c.key));
        await sendChunks(deps, toSend).catch(async (error: unknown) => {
          await releaseChunks(db, toSend.map((c) => c.key)).catch(() => undefined);
          throw error;
        });
        queued = toSend.reduce((n, c) => n + c.rows.length, 0);
      }
      const counts = { rowsRead: part.rowsRead, rowsValid: valid, rowsRejected: rejected, queued, skipped: deps.dryRun ? 0 : rows - queued, chunks: part.chunks.length };
      const statements = [countStatement(db, deps.jobId, counts, deps.now())];
      if (!deps.dryRun && part.chunks.length > 0) statements.push(linkChunksStatement(db, deps.jobId, seq, part.chunks.map((c) => c.key)));
      if (part.rejected.length > 0) statements.push(insertErrorsStatement(db, deps.jobId, await Promise.all(part.rejected.map((r) => storedRejection(deps.workspace, r)))));
      await withImportSchema(db, () => db.batch(statements));
      seq += part.chunks.length;
      totals.queued += queued;
      totals.skipped += counts.skipped;
    },
  };
}

/** A rejection as stored: its reason may quote the row's values, so it is keyed to the row's user. */
async function storedRejection(workspace: string, { userId, ...rejection }: Rejection): Promise<StoredRowError> {
  return { ...rejection, kind: "rejected", userKey: userId === undefined ? null : await importUserKey(workspace, userId) };
}

async function sendChunks(deps: QueueSinkDeps, chunks: readonly RowChunk[]): Promise<void> {
  let batch: MessageSendRequest<ImportMessage>[] = [];
  let bytes = 0;
  for (const chunk of chunks) {
    const size = chunk.bytes + ENVELOPE_BYTES;
    if (batch.length > 0 && (batch.length >= MAX_BATCH_MESSAGES || bytes + size > MAX_BATCH_BYTES)) {
      await deps.queue.sendBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push({ body: message(deps, chunk), contentType: "json" });
    bytes += size;
  }
  if (batch.length > 0) await deps.queue.sendBatch(batch);
}

function message(deps: QueueSinkDeps, chunk: RowChunk): ImportMessage {
  return { type: "import-rows", workspace: deps.workspace, chunk: chunk.key, journey: deps.journey, scope: deps.scope, at: deps.at, rows: chunk.rows };
}
