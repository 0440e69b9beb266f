/**
 * The journey lifecycle behind the admin API: save a validated draft, publish it as a new
 * immutable version (idempotently), pause, resume and archive. Each change that affects the
 * runtime republishes the workspace's live snapshot. Results are tagged unions; the routes map
 * them to HTTP.
 */
import type { Journey } from "../journey/schema/journey.ts";
import { contentHash } from "./content-hash.ts";
import { withSchema } from "./d1-schema.ts";
import {
  type JourneyRecord,
  type VersionInfo,
  getJourneyRecord,
  listVersions,
  publishVersion,
  saveDraft,
  setStatus,
} from "./journey-store.ts";
import { versionKey } from "./kv-keys.ts";
import { versionCache } from "./isolate-cache.ts";
import { type CatalogEnv, publishLiveCatalog } from "./snapshot.ts";
import type { JourneyStatus } from "./types.ts";
import { type Problem, checkJourney, loadLookups } from "./validation.ts";

export type SaveResult = { type: "saved"; record: JourneyRecord; created: boolean } | { type: "invalid"; problems: Problem[] };
export type PublishResult =
  | { type: "published"; version: number; created: boolean }
  | { type: "not_found" }
  | { type: "invalid"; problems: Problem[] };
export type StatusResult =
  | { type: "changed"; status: JourneyStatus; version: number }
  | { type: "not_found" }
  | { type: "not_published" };

export interface JourneyDetail extends JourneyRecord {
  versions: VersionInfo[];
}

/** Validates `input` against the workspace's catalog and stores it as journey `id`'s draft. */
export async function saveJourneyDraft(env: CatalogEnv, workspace: string, input: unknown, now: number): Promise<SaveResult> {
  const db = env.CATALOG_DB;
  const lookups = await loadLookups(db, workspace);
  const checked = checkJourney(input, lookups);
  if (!checked.ok) return { type: "invalid", problems: checked.problems };
  const draft = checked.value;
  const hash = await contentHash(draft);
  const record = await withSchema(db, async () => {
    const before = await getJourneyRecord(db, workspace, draft.id);
    await saveDraft(db, workspace, draft, hash, now);
    return { before, after: await getJourneyRecord(db, workspace, draft.id) };
  });
  if (record.after === null) throw new Error(`journey ${draft.id} vanished after saving its draft`);
  return { type: "saved", record: record.after, created: record.before === null };
}

/** Publishes the draft as the next version (or keeps the newest one if unchanged) and activates it. */
export async function publishJourney(env: CatalogEnv, workspace: string, id: string, now: number): Promise<PublishResult> {
  const db = env.CATALOG_DB;
  const record = await withSchema(db, () => getJourneyRecord(db, workspace, id));
  if (record === null) return { type: "not_found" };
  // Referenced templates/segments may have been deleted since the draft was saved.
  const checked = checkJourney(record.draft, await loadLookups(db, workspace));
  if (!checked.ok) return { type: "invalid", problems: checked.problems };
  const definition: Journey = checked.value;
  const published = await publishVersion(db, workspace, definition, record.draftHash, now);
  const key = versionKey(workspace, id, published.version);
  if (published.created) {
    await env.CATALOG_KV.put(key, JSON.stringify(definition));
    versionCache.set(key, definition);
  }
  await publishLiveCatalog(env, workspace);
  return { type: "published", ...published };
}

/** Moves a published journey to `status` (paused, active or archived). */
export async function changeJourneyStatus(
  env: CatalogEnv,
  workspace: string,
  id: string,
  status: Exclude<JourneyStatus, "draft">,
  now: number,
): Promise<StatusResult> {
  const db = env.CATALOG_DB;
  const record = await withSchema(db, () => getJourneyRecord(db, workspace, id));
  if (record === null) return { type: "not_found" };
  if (record.version === null) return { type: "not_published" };
  if (record.status !== status) {
    await withSchema(db, () => setStatus(db, workspace, id, status, now));
    await publishLiveCatalog(env, workspace);
  }
  return { type: "changed", status, version: record.version };
}

/** The journey's draft, status and published versions, or null. */
export async function getJourneyDetail(env: CatalogEnv, workspace: string, id: string): Promise<JourneyDetail | null> {
  const db = env.CATALOG_DB;
  return withSchema(db, async () => {
    const record = await getJourneyRecord(db, workspace, id);
    if (record === null) return null;
    return { ...record, versions: await listVersions(db, workspace, id) };
  });
}
