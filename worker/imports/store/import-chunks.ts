/**
 * D1 access for chunks, the import ledger. The upload claims a chunk before queueing it (a chunk
 * already claimed by an earlier upload of the same rows is skipped); the consumer counts what it
 * applied. Lists travel as one JSON parameter (`json_each`) because D1 binds at most 100
 * parameters per statement. Callers wrap calls in `withImportSchema`.
 */

/** A chunk queued and not finished after this long is taken as lost, and queued again by a re-run. */
export const STALE_CHUNK_MS = 60 * 60 * 1000;

/**
 * Claims `chunks` (key, row count) for queueing; returns the keys this call claimed: new ones, and
 * ones queued before `now - STALE_CHUNK_MS` that never finished.
 */
export async function claimChunks(db: D1Database, workspace: string, chunks: readonly { key: string; rows: number }[], now: number): Promise<Set<string>> {
  if (chunks.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `INSERT INTO import_chunks (key, workspace, rows, status, queued_at, updated_at)
       SELECT json_extract(value, '$[0]'), ?1, json_extract(value, '$[1]'), 'queued', ?2, ?2 FROM json_each(?3) WHERE true
       ON CONFLICT (key) DO UPDATE SET queued_at = excluded.queued_at, updated_at = excluded.updated_at
         WHERE import_chunks.status = 'queued' AND import_chunks.queued_at < ?4
       RETURNING key`,
    )
    .bind(workspace, now, JSON.stringify(chunks.map((c) => [c.key, c.rows])), now - STALE_CHUNK_MS)
    .all<{ key: string }>();
  return new Set(results.map((r) => r.key));
}

/** Gives back chunks claimed by an upload that then could not queue them. */
export async function releaseChunks(db: D1Database, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db
    .prepare("DELETE FROM import_chunks WHERE status = 'queued' AND applied = 0 AND failed = 0 AND key IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(keys))
    .run();
}

/** Statement: the import's chunk list gains `keys`, numbered from `firstSeq`. */
export function linkChunksStatement(db: D1Database, jobId: string, firstSeq: number, keys: readonly string[]): D1PreparedStatement {
  return db
    .prepare("INSERT OR IGNORE INTO import_job_chunks (job_id, seq, chunk_key) SELECT ?, ? + key, value FROM json_each(?)")
    .bind(jobId, firstSeq, JSON.stringify(keys));
}

/** Whether the chunk was fully applied already (a redelivered message). */
export async function chunkDone(db: D1Database, key: string): Promise<boolean> {
  const row = await db.prepare("SELECT status FROM import_chunks WHERE key = ?").bind(key).first<{ status: string }>();
  return row?.status === "done";
}

/** What applying some rows of a chunk came to. */
export interface ChunkTally {
  applied: number;
  failed: number;
  entered: number;
  notEntered: number;
  duplicates: number;
}

/** Statement: adds `tally` to the chunk; it is done once every row is applied or failed. */
export function tallyStatement(db: D1Database, key: string, tally: ChunkTally, now: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE import_chunks SET
         status = CASE WHEN applied + failed + ?1 + ?2 >= rows THEN 'done' ELSE status END,
         applied = MIN(rows, applied + ?1), failed = MIN(rows, failed + ?2),
         entered = entered + ?3, not_entered = not_entered + ?4, duplicates = duplicates + ?5, updated_at = ?6
       WHERE key = ?7`,
    )
    .bind(tally.applied, tally.failed, tally.entered, tally.notEntered, tally.duplicates, now, key);
}

/** Progress of an import's chunks. */
export interface ChunkProgress {
  chunks: number;
  chunksDone: number;
  rows: number;
  applied: number;
  failed: number;
  entered: number;
  notEntered: number;
  duplicates: number;
}

/** Sums the chunks of import `jobId`. */
export async function chunkProgress(db: D1Database, jobId: string): Promise<ChunkProgress> {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS chunks, COALESCE(SUM(k.status = 'done'), 0) AS chunksDone, COALESCE(SUM(k.rows), 0) AS rows,
         COALESCE(SUM(k.applied), 0) AS applied, COALESCE(SUM(k.failed), 0) AS failed, COALESCE(SUM(k.entered), 0) AS entered,
         COALESCE(SUM(k.not_entered), 0) AS notEntered, COALESCE(SUM(k.duplicates), 0) AS duplicates
       FROM import_job_chunks c JOIN import_chunks k ON k.key = c.chunk_key WHERE c.job_id = ?`,
    )
    .bind(jobId)
    .first<ChunkProgress>();
  return row ?? { chunks: 0, chunksDone: 0, rows: 0, applied: 0, failed: 0, entered: 0, notEntered: 0, duplicates: 0 };
}
