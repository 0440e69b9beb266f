/**
 * The user registry: the names of a workspace's User Durable Objects, so a backfill can reach
 * users that send nothing new. Each object registers itself once, on the first commit after it
 * was created (a `register` message); merged visitors and erased users are removed.
 */

/** The statement recording that `user` exists (a no-op if it is known). */
export function registerStatement(db: D1Database, workspace: string, user: string, at: number): D1PreparedStatement {
  return db.prepare("INSERT OR IGNORE INTO audience_users (workspace, user, first_at) VALUES (?, ?, ?)").bind(workspace, user, at);
}

/** One page of registered object names after `after`, in name order. */
export async function registeredUsers(db: D1Database, workspace: string, after: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT user FROM audience_users WHERE workspace = ? AND user > ? ORDER BY user LIMIT ?")
    .bind(workspace, after, limit)
    .all<{ user: string }>();
  return results.map((r) => r.user);
}

/** Removes `user` from the registry (a merged visitor's object). */
export async function unregister(db: D1Database, workspace: string, user: string): Promise<void> {
  await db.prepare("DELETE FROM audience_users WHERE workspace = ? AND user = ?").bind(workspace, user).run();
}
