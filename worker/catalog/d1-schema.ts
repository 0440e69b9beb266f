/**
 * The catalog's D1 tables (the admin source of truth) and a guard that creates them on first use.
 * `CREATE ... IF NOT EXISTS` statements are idempotent, so running them again after a "no such
 * table" error (fresh database, reset test storage) is always safe.
 */

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

let ready: Promise<void> | null = null;

async function createTables(db: D1Database): Promise<void> {
  await db.batch(DDL.map((sql) => db.prepare(sql)));
}

/**
 * Runs `work` once the tables exist. Tables are created once per isolate; if the database was
 * replaced underneath (a "no such table" error), they are created again and `work` retried once.
 */
export async function withSchema<T>(db: D1Database, work: () => Promise<T>): Promise<T> {
  ready ??= createTables(db).catch((err: unknown) => {
    ready = null;
    throw err;
  });
  await ready;
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("no such table")) throw err;
    await createTables(db);
    return work();
  }
}
