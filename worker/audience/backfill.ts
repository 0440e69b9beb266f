/**
 * Backfill: when a segment is published (created or changed), every registered user is
 * re-evaluated against it, so members who send nothing new are found too. Paced so a big
 * workspace does not wake all its objects at once:
 *
 *   PUT /v1/admin/segments/{id} → `backfill` (page 1) → up to BACKFILL_PAGE names from the registry
 *     → resync messages of RESYNC_BATCH names, delayed so at most RESYNC_PER_SECOND objects start
 *       per second → each object's `resyncSegments()` (RESYNC_PARALLEL at a time)
 *     → the next `backfill` page, delayed until this page's resyncs have started.
 *
 * An object whose catalog still has an older definition (isolate cache, KV propagation) answers
 * "stale" and is tried again RETRY_DELAY_S later, up to MAX_ATTEMPTS times.
 *
 * A newer backfill in the same workspace (any segment) supersedes an older one, whose remaining
 * pages and batches stop: `resyncSegments()` re-evaluates every segment, so the newer pass, which
 * started after the older segment was published, covers it. Publishing 1,000 segments in a row
 * therefore costs about one pass over the users, not 1,000.
 */
import { canonicalJson } from "../catalog/content-hash.ts";
import type { Segment } from "../journey/schema/segment.ts";
import type { ResyncResult } from "./resync-check.ts";
import { withAudienceSchema } from "./d1-schema.ts";
import { type AudienceQueue, type BackfillMessage, type ResyncMessage, audienceQueue } from "./messages.ts";
import { registeredUsers } from "./registry.ts";

export const BACKFILL_PAGE = 500;
export const RESYNC_BATCH = 25;
export const RESYNC_PER_SECOND = 250;
export const RESYNC_PARALLEL = 5;
export const RETRY_DELAY_S = 5;
export const MAX_ATTEMPTS = 6;

/** Calls one user object's `resyncSegments`. */
export type ResyncCall = (user: string, expect: { segment: string; definition: string }) => Promise<ResyncResult>;

export interface BackfillProgress {
  started: string;
  /** Users queued for re-evaluation so far, and how many were re-evaluated. */
  queued: number;
  done: number;
  /** True once every page was queued and every queued user re-evaluated (by this pass, or the one superseding it). */
  complete: boolean;
  /** The segment whose newer backfill took over this one's remaining users. */
  supersededBy?: string;
}

/** Starts a backfill of `segment` (replacing any running one). Needs the AUDIENCE queue; false without it. */
export async function startBackfill(env: Pick<Env, "CATALOG_DB"> & object, workspace: string, segment: Segment, now: number): Promise<boolean> {
  const queue = audienceQueue(env);
  if (queue === null) return false;
  const db = env.CATALOG_DB;
  await withAudienceSchema(db, () =>
    db
      .prepare(
        `INSERT INTO segment_backfills (workspace, segment_id, started, queued, done, paged, updated_at) VALUES (?, ?, ?, 0, 0, 0, ?)
         ON CONFLICT (workspace, segment_id) DO UPDATE SET started = excluded.started, queued = 0, done = 0, paged = 0, updated_at = excluded.updated_at`,
      )
      .bind(workspace, segment.id, now, now)
      .run(),
  );
  await queue.send({ type: "backfill", workspace, segment: segment.id, definition: canonicalJson(segment), after: "", started: now });
  return true;
}

/** Handles one `backfill` page: queues its resync batches and the next page. */
export async function expandBackfill(env: Pick<Env, "CATALOG_DB"> & object, queue: AudienceQueue, job: BackfillMessage): Promise<number> {
  const db = env.CATALOG_DB;
  return withAudienceSchema(db, async () => {
    if (!(await isCurrent(db, job))) return 0;
    const users = await registeredUsers(db, job.workspace, job.after, BACKFILL_PAGE);
    const messages: { body: ResyncMessage | BackfillMessage; delaySeconds?: number }[] = [];
    for (let i = 0; i < users.length; i += RESYNC_BATCH) {
      const body: ResyncMessage = { type: "resync", workspace: job.workspace, segment: job.segment, definition: job.definition, started: job.started, users: users.slice(i, i + RESYNC_BATCH), attempt: 1 };
      messages.push({ body, ...delay(Math.floor(i / RESYNC_PER_SECOND)) });
    }
    const last = users.at(-1);
    const full = users.length === BACKFILL_PAGE && last !== undefined;
    if (full) messages.push({ body: { ...job, after: last }, ...delay(Math.ceil(users.length / RESYNC_PER_SECOND)) });
    for (let i = 0; i < messages.length; i += 100) await queue.sendBatch(messages.slice(i, i + 100));
    await db
      .prepare("UPDATE segment_backfills SET queued = queued + ?, paged = ?, updated_at = ? WHERE workspace = ? AND segment_id = ? AND started = ?")
      .bind(users.length, full ? 0 : 1, Date.now(), job.workspace, job.segment, job.started)
      .run();
    return users.length;
  });
}

/**
 * Handles one `resync` batch; users whose object is still on an older definition are queued
 * again later. @returns how many were re-evaluated (or found gone) now
 */
export async function runResync(env: Pick<Env, "CATALOG_DB"> & object, queue: AudienceQueue, job: ResyncMessage, call: ResyncCall): Promise<number> {
  const db = env.CATALOG_DB;
  if (!(await withAudienceSchema(db, () => isCurrent(db, job)))) return 0;
  const pending = [...job.users];
  const stale: string[] = [];
  const worker = async (): Promise<void> => {
    for (let user = pending.shift(); user !== undefined; user = pending.shift()) {
      const result = await call(user, { segment: job.segment, definition: job.definition });
      if (result.type === "stale") stale.push(user);
    }
  };
  await Promise.all(Array.from({ length: Math.min(RESYNC_PARALLEL, pending.length) }, worker));
  const retry = stale.length > 0 && job.attempt < MAX_ATTEMPTS;
  if (retry) await queue.send({ ...job, users: stale, attempt: job.attempt + 1 }, { delaySeconds: RETRY_DELAY_S });
  const finished = job.users.length - (retry ? stale.length : 0);
  await db
    .prepare("UPDATE segment_backfills SET done = done + ?, updated_at = ? WHERE workspace = ? AND segment_id = ? AND started = ?")
    .bind(finished, Date.now(), job.workspace, job.segment, job.started)
    .run();
  return finished;
}

/** The newest backfill of the segment, or null if none ran. */
export async function backfillProgress(db: D1Database, workspace: string, segment: string): Promise<BackfillProgress | null> {
  type Row = { segment_id: string; started: number; queued: number; done: number; paged: number };
  const [row, newest] = await withAudienceSchema(db, () =>
    Promise.all([
      db.prepare("SELECT segment_id, started, queued, done, paged FROM segment_backfills WHERE workspace = ? AND segment_id = ?").bind(workspace, segment).first<Row>(),
      db.prepare("SELECT segment_id, started, queued, done, paged FROM segment_backfills WHERE workspace = ? ORDER BY started DESC, segment_id DESC LIMIT 1").bind(workspace).first<Row>(),
    ]),
  );
  if (row === null) return null;
  const complete = (r: Row): boolean => r.paged === 1 && r.done >= r.queued;
  const progress: BackfillProgress = { started: new Date(row.started).toISOString(), queued: row.queued, done: row.done, complete: complete(row) };
  if (newest === null || newest.started <= row.started || newest.segment_id === segment || complete(row)) return progress;
  return { ...progress, complete: complete(newest), supersededBy: newest.segment_id };
}

/** False once this backfill was replaced (same segment) or superseded (a newer one in the workspace). */
async function isCurrent(db: D1Database, job: { workspace: string; segment: string; started: number }): Promise<boolean> {
  const [own, newest] = await Promise.all([
    db.prepare("SELECT started FROM segment_backfills WHERE workspace = ? AND segment_id = ?").bind(job.workspace, job.segment).first<{ started: number }>(),
    db.prepare("SELECT MAX(started) AS started FROM segment_backfills WHERE workspace = ?").bind(job.workspace).first<{ started: number | null }>(),
  ]);
  return own?.started === job.started && (newest?.started ?? 0) <= job.started;
}

const delay = (seconds: number): { delaySeconds?: number } => (seconds > 0 ? { delaySeconds: seconds } : {});
