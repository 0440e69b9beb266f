/**
 * GDPR erase, beyond the user's own object (which `DELETE /v1/admin/users/{id}` empties first):
 * the objects of the anonymous visitors merged into the user, the identity links, the user
 * registry, segment memberships (member counts drop), the archive fan-out's user list, and the
 * per-row errors of CSV imports for rows of this user id (their reasons may quote an e-mail or a
 * phone; the imports' counters stay).
 * Deltas the objects sent before the erase and still in the queue are dropped by the consumer
 * (`audience_erased` keeps only a SHA-256 of the object name).
 */
import { forgetJourneyUser } from "../catalog/stats-store.ts";
import { withSchema } from "../catalog/d1-schema.ts";
import { userHash, withAudienceSchema } from "../audience/d1-schema.ts";
import { forgetStatements } from "../audience/membership-store.ts";
import { eraseUserErrorsStatement, importUserKey } from "../imports/store/import-errors.ts";
import { withImportSchema } from "../imports/store/import-schema.ts";
import { userObjectNameFromPath } from "../workspace/user-object-name.ts";
import { linkedVisitors } from "./links.ts";

const VISITOR = "anon:";

/**
 * @param id - the admin path id: a user id, or `anon:<anonymousId>` for a visitor
 * @returns the anonymous ids whose objects were erased with the user
 */
export async function eraseEverywhere(env: Pick<Env, "USERS" | "CATALOG_DB">, workspace: string, id: string, now: number): Promise<string[]> {
  const db = env.CATALOG_DB;
  const visitor = id.startsWith(VISITOR);
  const visitors = visitor ? [] : await linkedVisitors(db, workspace, id);
  const visitorNames = visitors.map((anonymousId) => userObjectNameFromPath(workspace, `${VISITOR}${anonymousId}`));
  await Promise.all(visitorNames.map((name) => env.USERS.getByName(name).deleteAll()));
  const names = [userObjectNameFromPath(workspace, id), ...visitorNames];
  await withAudienceSchema(db, async () => {
    const statements: D1PreparedStatement[] = [];
    for (const name of names) {
      statements.push(...forgetStatements(db, workspace, name, now));
      statements.push(
        db.prepare("INSERT OR REPLACE INTO audience_erased (workspace, user_hash, erased_at) VALUES (?, ?, ?)").bind(workspace, await userHash(workspace, name), now),
      );
    }
    statements.push(
      visitor
        ? db.prepare("DELETE FROM identity_links WHERE workspace = ? AND anonymous_id = ?").bind(workspace, id.slice(VISITOR.length))
        : db.prepare("DELETE FROM identity_links WHERE workspace = ? AND user_id = ?").bind(workspace, id),
    );
    await db.batch(statements);
  });
  await withSchema(db, async () => {
    for (const name of names) await forgetJourneyUser(db, workspace, name);
  });
  if (!visitor) {
    // Imports name known users only (a CSV row's user id), never visitors.
    const key = await importUserKey(workspace, id);
    await withImportSchema(db, () => eraseUserErrorsStatement(db, key).run());
  }
  return visitors;
}
