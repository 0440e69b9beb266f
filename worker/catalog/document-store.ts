/**
 * D1 access for the catalog's simple documents: segments, templates and geofences. Each is stored
 * as given (after validation by its route) and replaced whole on PUT.
 */

export type DocumentKind = "segment" | "template" | "geofence";

export interface StoredDocument<T> {
  id: string;
  body: T;
  updatedAt: number;
}

/** Every document of `kind` in the workspace, by id. */
export async function listDocuments<T>(db: D1Database, workspace: string, kind: DocumentKind): Promise<StoredDocument<T>[]> {
  const { results } = await db
    .prepare("SELECT id, body, updated_at FROM documents WHERE workspace = ? AND kind = ? ORDER BY id")
    .bind(workspace, kind)
    .all<{ id: string; body: string; updated_at: number }>();
  return results.map((r) => ({ id: r.id, body: parseBody<T>(r.body), updatedAt: r.updated_at }));
}

/** One document, or null. */
export async function getDocument<T>(db: D1Database, workspace: string, kind: DocumentKind, id: string): Promise<StoredDocument<T> | null> {
  const row = await db
    .prepare("SELECT id, body, updated_at FROM documents WHERE workspace = ? AND kind = ? AND id = ?")
    .bind(workspace, kind, id)
    .first<{ id: string; body: string; updated_at: number }>();
  return row === null ? null : { id: row.id, body: parseBody<T>(row.body), updatedAt: row.updated_at };
}

/** Creates or replaces a document. */
export async function putDocument(db: D1Database, workspace: string, kind: DocumentKind, id: string, body: unknown, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO documents (workspace, kind, id, body, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (workspace, kind, id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    )
    .bind(workspace, kind, id, JSON.stringify(body), now)
    .run();
}

/** Deletes a document; true when it existed. */
export async function deleteDocument(db: D1Database, workspace: string, kind: DocumentKind, id: string): Promise<boolean> {
  const result = await db.prepare("DELETE FROM documents WHERE workspace = ? AND kind = ? AND id = ?").bind(workspace, kind, id).run();
  return result.meta.changes > 0;
}

/** Documents were validated by their route before they were stored. */
function parseBody<T>(text: string): T {
  const value: T = JSON.parse(text);
  return value;
}
