/** The identity map in D1: which known user each merged anonymous visitor became. */
import { withAudienceSchema } from "../audience/d1-schema.ts";

/** Records that `anonymousId` is `userId` (the first link wins: a visitor is merged once). */
export async function linkVisitor(db: D1Database, workspace: string, anonymousId: string, userId: string, now: number): Promise<void> {
  await withAudienceSchema(db, () =>
    db
      .prepare("INSERT OR IGNORE INTO identity_links (workspace, anonymous_id, user_id, linked_at) VALUES (?, ?, ?, ?)")
      .bind(workspace, anonymousId, userId, now)
      .run(),
  );
}

/** The known user a visitor was merged into, or null. */
export async function linkedUser(db: D1Database, workspace: string, anonymousId: string): Promise<string | null> {
  const row = await withAudienceSchema(db, () =>
    db.prepare("SELECT user_id FROM identity_links WHERE workspace = ? AND anonymous_id = ?").bind(workspace, anonymousId).first<{ user_id: string }>(),
  );
  return row?.user_id ?? null;
}

/** The anonymous ids merged into `userId`. */
export async function linkedVisitors(db: D1Database, workspace: string, userId: string): Promise<string[]> {
  const { results } = await withAudienceSchema(db, () =>
    db.prepare("SELECT anonymous_id FROM identity_links WHERE workspace = ? AND user_id = ? ORDER BY anonymous_id").bind(workspace, userId).all<{ anonymous_id: string }>(),
  );
  return results.map((r) => r.anonymous_id);
}
