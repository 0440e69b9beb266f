/**
 * Segment member counts in D1, kept from the membership deltas User Durable Objects report. Each
 * delta is applied in one D1 batch (a transaction) as three statements: make sure the counter
 * exists; add ±1 only if the stored state is older (lower `seq`) and different; store the new
 * state if it is newer. So redelivered, duplicated or reordered messages never skew a count, and
 * a count is read in O(1) — no user is scanned.
 */
import type { MembershipMessage } from "./messages.ts";

/** Statements applying one delta (to run in a batch with others, in `seq` order per user). */
export function membershipStatements(db: D1Database, m: MembershipMessage, now: number): D1PreparedStatement[] {
  const member = m.member ? 1 : 0;
  return [
    db.prepare("INSERT OR IGNORE INTO segment_counts (workspace, segment_id, members, updated_at) VALUES (?, ?, 0, ?)").bind(m.workspace, m.segment, now),
    db
      .prepare(
        `UPDATE segment_counts SET members = MAX(0, members + ?1), updated_at = ?2
         WHERE workspace = ?3 AND segment_id = ?4
           AND NOT EXISTS (SELECT 1 FROM segment_members WHERE workspace = ?3 AND segment_id = ?4 AND user = ?5 AND seq >= ?6)
           AND COALESCE((SELECT member FROM segment_members WHERE workspace = ?3 AND segment_id = ?4 AND user = ?5), 0) != ?7`,
      )
      .bind(member === 1 ? 1 : -1, now, m.workspace, m.segment, m.user, m.seq, member),
    db
      .prepare(
        `INSERT INTO segment_members (workspace, segment_id, user, member, seq, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (workspace, segment_id, user) DO UPDATE SET member = excluded.member, seq = excluded.seq, updated_at = excluded.updated_at
         WHERE excluded.seq > segment_members.seq`,
      )
      .bind(m.workspace, m.segment, m.user, member, m.seq, now),
  ];
}

/** The segment's member count and when it last changed; zero (updatedAt null) before any delta. */
export async function segmentCount(db: D1Database, workspace: string, segment: string): Promise<{ members: number; updatedAt: number | null }> {
  const row = await db
    .prepare("SELECT members, updated_at FROM segment_counts WHERE workspace = ? AND segment_id = ?")
    .bind(workspace, segment)
    .first<{ members: number; updated_at: number }>();
  return row === null ? { members: 0, updatedAt: null } : { members: row.members, updatedAt: row.updated_at };
}

/** Segment ids the user is counted in now. */
export async function memberSegments(db: D1Database, workspace: string, user: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT segment_id FROM segment_members WHERE workspace = ? AND user = ? AND member = 1 ORDER BY segment_id")
    .bind(workspace, user)
    .all<{ segment_id: string }>();
  return results.map((r) => r.segment_id);
}

/**
 * Statements that take an erased user out of every count and the registry (GDPR). Deltas still in
 * flight are dropped by the consumer through `audience_erased`.
 */
export function forgetStatements(db: D1Database, workspace: string, user: string, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE segment_counts SET members = MAX(0, members - 1), updated_at = ?1
         WHERE workspace = ?2 AND segment_id IN (SELECT segment_id FROM segment_members WHERE workspace = ?2 AND user = ?3 AND member = 1)`,
      )
      .bind(now, workspace, user),
    db.prepare("DELETE FROM segment_members WHERE workspace = ? AND user = ?").bind(workspace, user),
    db.prepare("DELETE FROM audience_users WHERE workspace = ? AND user = ?").bind(workspace, user),
  ];
}
