/**
 * D1 access for journeys: drafts, immutable published versions and lifecycle status. Every
 * statement uses bound parameters. Callers wrap calls in `withSchema`.
 */
import type { Journey } from "../journey/schema/journey.ts";
import type { JourneyStatus } from "./types.ts";

/** A journey's admin record (the draft, and where its published versions stand). */
export interface JourneyRecord {
  id: string;
  status: JourneyStatus;
  /** The newest published version, or null before the first publish. */
  version: number | null;
  draft: Journey;
  draftHash: string;
  createdAt: number;
  updatedAt: number;
}

export interface VersionInfo {
  version: number;
  hash: string;
  publishedAt: number;
}

interface JourneyRow {
  id: string;
  status: JourneyStatus;
  version: number | null;
  draft: string;
  draft_hash: string;
  created_at: number;
  updated_at: number;
}

/** Stored definitions were validated before they were written. */
function parseDefinition(text: string): Journey {
  const value: Journey = JSON.parse(text);
  return value;
}

function toRecord(row: JourneyRow): JourneyRecord {
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    draft: parseDefinition(row.draft),
    draftHash: row.draft_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One journey's record, or null. */
export async function getJourneyRecord(db: D1Database, workspace: string, id: string): Promise<JourneyRecord | null> {
  const row = await db
    .prepare("SELECT id, status, version, draft, draft_hash, created_at, updated_at FROM journeys WHERE workspace = ? AND id = ?")
    .bind(workspace, id)
    .first<JourneyRow>();
  return row === null ? null : toRecord(row);
}

/** Every journey of the workspace, by id. */
export async function listJourneyRecords(db: D1Database, workspace: string): Promise<JourneyRecord[]> {
  const { results } = await db
    .prepare("SELECT id, status, version, draft, draft_hash, created_at, updated_at FROM journeys WHERE workspace = ? ORDER BY id")
    .bind(workspace)
    .all<JourneyRow>();
  return results.map(toRecord);
}

/** Creates or replaces the draft; a new journey starts in status `draft`. */
export async function saveDraft(db: D1Database, workspace: string, draft: Journey, hash: string, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO journeys (workspace, id, draft, draft_hash, status, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'draft', NULL, ?, ?)
       ON CONFLICT (workspace, id) DO UPDATE SET draft = excluded.draft, draft_hash = excluded.draft_hash, updated_at = excluded.updated_at`,
    )
    .bind(workspace, draft.id, JSON.stringify(draft), hash, now, now)
    .run();
}

/** Published versions, oldest first. */
export async function listVersions(db: D1Database, workspace: string, id: string): Promise<VersionInfo[]> {
  const { results } = await db
    .prepare("SELECT version, hash, published_at FROM journey_versions WHERE workspace = ? AND journey_id = ? ORDER BY version")
    .bind(workspace, id)
    .all<{ version: number; hash: string; published_at: number }>();
  return results.map((r) => ({ version: r.version, hash: r.hash, publishedAt: r.published_at }));
}

/** One immutable version's definition, or null. */
export async function getVersion(db: D1Database, workspace: string, id: string, version: number): Promise<Journey | null> {
  const row = await db
    .prepare("SELECT definition FROM journey_versions WHERE workspace = ? AND journey_id = ? AND version = ?")
    .bind(workspace, id, version)
    .first<{ definition: string }>();
  return row === null ? null : parseDefinition(row.definition);
}

/**
 * Publishes `definition` as the next version unless the newest version has the same hash
 * (then nothing new is created), and makes the journey active — in one transaction.
 */
export async function publishVersion(
  db: D1Database,
  workspace: string,
  definition: Journey,
  hash: string,
  now: number,
): Promise<{ version: number; created: boolean }> {
  const id = definition.id;
  const newest = "SELECT MAX(version) FROM journey_versions WHERE workspace = ?1 AND journey_id = ?2";
  const [inserted] = await db.batch([
    db
      .prepare(
        `INSERT INTO journey_versions (workspace, journey_id, version, definition, hash, published_at)
         SELECT ?1, ?2, COALESCE((${newest}), 0) + 1, ?3, ?4, ?5
         WHERE NOT EXISTS (SELECT 1 FROM journey_versions WHERE workspace = ?1 AND journey_id = ?2 AND hash = ?4 AND version = (${newest}))`,
      )
      .bind(workspace, id, JSON.stringify(definition), hash, now),
    db
      .prepare(`UPDATE journeys SET status = 'active', version = (${newest}), updated_at = ?3 WHERE workspace = ?1 AND id = ?2`)
      .bind(workspace, id, now),
  ]);
  const row = await db.prepare(newest.replace("MAX(version)", "MAX(version) AS v")).bind(workspace, id).first<{ v: number }>();
  return { version: row?.v ?? 0, created: (inserted?.meta.changes ?? 0) > 0 };
}

/** Sets the lifecycle status (pause, resume, archive). */
export async function setStatus(db: D1Database, workspace: string, id: string, status: JourneyStatus, now: number): Promise<void> {
  await db.prepare("UPDATE journeys SET status = ?, updated_at = ? WHERE workspace = ? AND id = ?").bind(status, now, workspace, id).run();
}

/** Published journeys with their newest version's definition (for the live snapshot). */
export async function publishedJourneys(
  db: D1Database,
  workspace: string,
): Promise<{ id: string; version: number; status: Exclude<JourneyStatus, "draft">; definition: Journey }[]> {
  const { results } = await db
    .prepare(
      `SELECT j.id AS id, j.version AS version, j.status AS status, v.definition AS definition
       FROM journeys j JOIN journey_versions v ON v.workspace = j.workspace AND v.journey_id = j.id AND v.version = j.version
       WHERE j.workspace = ? AND j.status != 'draft' ORDER BY j.id`,
    )
    .bind(workspace)
    .all<{ id: string; version: number; status: Exclude<JourneyStatus, "draft">; definition: string }>();
  return results.map((r) => ({ id: r.id, version: r.version, status: r.status, definition: parseDefinition(r.definition) }));
}
