/**
 * The audience's D1 tables (in CATALOG_DB), created on first use like the catalog's:
 * - `audience_users`: the user registry — every User Durable Object name per workspace (backfills
 *   page through it; written from `register` messages).
 * - `segment_members`: each user's last reported membership per segment, with the object's `seq`
 *   (ordering) — what makes the counts idempotent under redelivery.
 * - `segment_counts`: members per segment, kept by the queue consumer (GET /v1/admin/segments/{id}).
 * - `segment_backfills`: progress of the newest backfill per segment.
 * - `identity_links`: anonymousId → userId, written when a visitor is merged into a known user.
 * - `audience_erased`: SHA-256 of erased users' object names, so messages sent before a GDPR
 *   erase and delivered after it are dropped (the name itself is not kept).
 */
import { d1SchemaGuard } from "../lib/d1-schema-guard.ts";

const DDL = [
  `CREATE TABLE IF NOT EXISTS audience_users (
     workspace TEXT NOT NULL, user TEXT NOT NULL, first_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, user))`,
  `CREATE TABLE IF NOT EXISTS segment_members (
     workspace TEXT NOT NULL, segment_id TEXT NOT NULL, user TEXT NOT NULL,
     member INTEGER NOT NULL, seq INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, segment_id, user))`,
  `CREATE INDEX IF NOT EXISTS segment_members_user ON segment_members (workspace, user)`,
  `CREATE TABLE IF NOT EXISTS segment_counts (
     workspace TEXT NOT NULL, segment_id TEXT NOT NULL, members INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, segment_id))`,
  `CREATE TABLE IF NOT EXISTS segment_backfills (
     workspace TEXT NOT NULL, segment_id TEXT NOT NULL, started INTEGER NOT NULL,
     queued INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0, paged INTEGER NOT NULL DEFAULT 0,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, segment_id))`,
  `CREATE TABLE IF NOT EXISTS identity_links (
     workspace TEXT NOT NULL, anonymous_id TEXT NOT NULL, user_id TEXT NOT NULL, linked_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, anonymous_id))`,
  `CREATE INDEX IF NOT EXISTS identity_links_user ON identity_links (workspace, user_id)`,
  `CREATE TABLE IF NOT EXISTS audience_erased (
     workspace TEXT NOT NULL, user_hash TEXT NOT NULL, erased_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, user_hash))`,
];

/** Runs `work` once this module's tables exist (see d1SchemaGuard). */
export const withAudienceSchema = d1SchemaGuard(DDL);

/** Hex SHA-256 of `${workspace}\n${user}`: how erased users are remembered without their name. */
export async function userHash(workspace: string, user: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${workspace}\n${user}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
