/**
 * Segments, templates and geofences behind the admin API. Each write lands in D1 and then on the
 * published side: segments and geofences in the live snapshot, templates under their own KV key.
 * A document a published journey still refers to cannot be deleted (`in_use`).
 */
import { canonicalJson } from "./content-hash.ts";
import { withSchema } from "./d1-schema.ts";
import { type DocumentKind, type StoredDocument, deleteDocument, getDocument, listDocuments, putDocument } from "./document-store.ts";
import { templateCache } from "./isolate-cache.ts";
import { publishedJourneys } from "./journey-store.ts";
import { templateKey } from "./kv-keys.ts";
import { type CatalogEnv, liveTtl, publishLiveCatalog } from "./snapshot.ts";
import type { Geofence, Template } from "./types.ts";
import type { Segment } from "../journey/schema/segment.ts";

/** A validated document, tagged with its kind. */
export type LibraryDocument =
  | { kind: "segment"; body: Segment }
  | { kind: "template"; body: Template }
  | { kind: "geofence"; body: Geofence };

export type DeleteResult = { type: "deleted" } | { type: "not_found" } | { type: "in_use"; journeys: string[] };

/** Stores a validated document under its `body.id` and publishes it. */
export async function putLibraryDocument(env: CatalogEnv, workspace: string, doc: LibraryDocument, now: number): Promise<{ created: boolean }> {
  const db = env.CATALOG_DB;
  const { kind, body } = doc;
  const created = await withSchema(db, async () => {
    const before = await getDocument(db, workspace, kind, body.id);
    await putDocument(db, workspace, kind, body.id, body, now);
    return before === null;
  });
  await publishKind(env, workspace, kind, body.id, doc.kind === "template" ? doc.body : null);
  return { created };
}

/** Every document of `kind`. */
export function listLibrary<T>(env: CatalogEnv, workspace: string, kind: DocumentKind): Promise<StoredDocument<T>[]> {
  const db = env.CATALOG_DB;
  return withSchema(db, () => listDocuments<T>(db, workspace, kind));
}

/** One document of `kind`, or null. */
export function getLibraryDocument<T>(env: CatalogEnv, workspace: string, kind: DocumentKind, id: string): Promise<StoredDocument<T> | null> {
  const db = env.CATALOG_DB;
  return withSchema(db, () => getDocument<T>(db, workspace, kind, id));
}

/** Deletes a document unless a published, not archived journey refers to it. */
export async function deleteLibraryDocument(env: CatalogEnv, workspace: string, kind: DocumentKind, id: string): Promise<DeleteResult> {
  const db = env.CATALOG_DB;
  const users = await withSchema(db, async () => {
    const journeys = await publishedJourneys(db, workspace);
    return journeys.filter((j) => j.status !== "archived" && refersTo(j.definition, kind, id)).map((j) => j.id);
  });
  if (users.length > 0) return { type: "in_use", journeys: users };
  const existed = await withSchema(db, () => deleteDocument(db, workspace, kind, id));
  if (!existed) return { type: "not_found" };
  await publishKind(env, workspace, kind, id, null);
  return { type: "deleted" };
}

/** Whether a definition names document `id` of `kind` (as `"segment": id`, `"template": id`, ...). */
function refersTo(definition: unknown, kind: DocumentKind, id: string): boolean {
  return canonicalJson(definition).includes(`${JSON.stringify(kind)}:${JSON.stringify(id)}`);
}

/** Publishes a change: the live snapshot for segments/geofences, the template's KV entry (null: deleted). */
async function publishKind(env: CatalogEnv, workspace: string, kind: DocumentKind, id: string, template: Template | null): Promise<void> {
  if (kind !== "template") {
    await publishLiveCatalog(env, workspace);
    return;
  }
  const key = templateKey(workspace, id);
  if (template === null) {
    await env.CATALOG_KV.delete(key);
    templateCache.delete(key);
    return;
  }
  await env.CATALOG_KV.put(key, JSON.stringify(template));
  templateCache.set(key, template, liveTtl(env));
}
