/**
 * The catalog's D1 tables (the admin source of truth) and a guard that creates them on first use.
 * `CREATE ... IF NOT EXISTS` statements are idempotent, so running them again after a "no such
 * table" error (fresh database, reset test storage) is always safe.
 */
import { d1SchemaGuard } from "../lib/d1-schema-guard.ts";

const DDL = [
  `CREATE TABLE IF NOT EXISTS journeys (
     workspace TEXT NOT NULL, id TEXT NOT NULL,
     draft TEXT NOT NULL, draft_hash TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'draft', version INTEGER,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, id))`,
  `CREATE TABLE IF NOT EXISTS journey_versions (
     workspace TEXT NOT NULL, journey_id TEXT NOT NULL, version INTEGER NOT NULL,
     definition TEXT NOT NULL, hash TEXT NOT NULL, published_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, journey_id, version))`,
  `CREATE TABLE IF NOT EXISTS documents (
     workspace TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL,
     body TEXT NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, kind, id))`,
  `CREATE TABLE IF NOT EXISTS journey_stats (
     workspace TEXT NOT NULL, journey_id TEXT NOT NULL, version INTEGER NOT NULL,
     node TEXT NOT NULL, kind TEXT NOT NULL, count INTEGER NOT NULL, last_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, journey_id, version, node, kind))`,
  `CREATE TABLE IF NOT EXISTS journey_users (
     workspace TEXT NOT NULL, journey_id TEXT NOT NULL, user TEXT NOT NULL, first_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, journey_id, user))`,
];

/** Runs `work` once this module's tables exist (see d1SchemaGuard). */
export const withSchema = d1SchemaGuard(DDL);
