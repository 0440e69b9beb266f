/**
 * Per-node journey counters in D1: written by the STATS queue consumer, read by the stats route.
 * Queue delivery is at-least-once, so a redelivered batch may count twice (documented; counters
 * are for dashboards, not billing).
 */
import type { StatsKind, StatsMessage } from "./stats-message.ts";

/** How journey-level counts (messages with `node: null`) are stored. */
export const JOURNEY_LEVEL = "";

/** Adds a batch of stats messages to the counters (one upsert per distinct counter) and records entered users. */
export async function recordStats(db: D1Database, messages: readonly StatsMessage[]): Promise<void> {
  const counters = new Map<string, { m: StatsMessage; count: number; last: number }>();
  const users = new Map<string, StatsMessage>();
  for (const m of messages) {
    const key = JSON.stringify([m.workspace, m.journeyId, m.version, m.node ?? JOURNEY_LEVEL, m.kind]);
    const current = counters.get(key);
    if (current === undefined) counters.set(key, { m, count: m.count ?? 1, last: m.at });
    else {
      current.count += m.count ?? 1;
      current.last = Math.max(current.last, m.at);
    }
    if (m.kind === "entered" && m.user !== undefined) users.set(JSON.stringify([m.workspace, m.journeyId, m.user]), m);
  }
  const statements = [...counters.values()].map(({ m, count, last }) =>
    db
      .prepare(
        `INSERT INTO journey_stats (workspace, journey_id, version, node, kind, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace, journey_id, version, node, kind) DO UPDATE SET count = count + excluded.count, last_at = MAX(last_at, excluded.last_at)`,
      )
      .bind(m.workspace, m.journeyId, m.version, m.node ?? JOURNEY_LEVEL, m.kind, count, last),
  );
  for (const m of users.values()) {
    statements.push(
      db
        .prepare("INSERT OR IGNORE INTO journey_users (workspace, journey_id, user, first_at) VALUES (?, ?, ?, ?)")
        .bind(m.workspace, m.journeyId, m.user ?? "", m.at),
    );
  }
  if (statements.length > 0) await db.batch(statements);
}

export interface NodeCounts {
  entered: number;
  left: number;
  exited: number;
  converted: number;
  failed: number;
}

/** Raw counters per node (all versions, or one), summed over versions; journey-level ones under `JOURNEY_LEVEL`. */
export async function nodeCounts(db: D1Database, workspace: string, journeyId: string, version?: number): Promise<Map<string, NodeCounts>> {
  const filter = version === undefined ? "" : " AND version = ?";
  const binds: (string | number)[] = version === undefined ? [workspace, journeyId] : [workspace, journeyId, version];
  const { results } = await db
    .prepare(`SELECT node, kind, SUM(count) AS count FROM journey_stats WHERE workspace = ? AND journey_id = ?${filter} GROUP BY node, kind`)
    .bind(...binds)
    .all<{ node: string; kind: StatsKind; count: number }>();
  const out = new Map<string, NodeCounts>();
  for (const row of results) {
    const counts = out.get(row.node) ?? { entered: 0, left: 0, exited: 0, converted: 0, failed: 0 };
    counts[row.kind] += row.count;
    out.set(row.node, counts);
  }
  return out;
}

/** DO names of users who entered the journey (for archive fan-out), in pages. */
export async function journeyUsers(db: D1Database, workspace: string, journeyId: string, after: string, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT user FROM journey_users WHERE workspace = ? AND journey_id = ? AND user > ? ORDER BY user LIMIT ?")
    .bind(workspace, journeyId, after, limit)
    .all<{ user: string }>();
  return results.map((r) => r.user);
}

/** Records that user object `user` has runs of `journeyIds` (runs moved in by an identity merge). */
export async function recordJourneyUsers(db: D1Database, workspace: string, journeyIds: readonly string[], user: string, at: number): Promise<void> {
  if (journeyIds.length === 0) return;
  await db.batch(
    journeyIds.map((journeyId) =>
      db.prepare("INSERT OR IGNORE INTO journey_users (workspace, journey_id, user, first_at) VALUES (?, ?, ?, ?)").bind(workspace, journeyId, user, at),
    ),
  );
}

/** Forgets user object `user` in every journey's user list (GDPR erase). */
export async function forgetJourneyUser(db: D1Database, workspace: string, user: string): Promise<void> {
  await db.prepare("DELETE FROM journey_users WHERE workspace = ? AND user = ?").bind(workspace, user).run();
}
