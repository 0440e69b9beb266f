/**
 * D1 access for a workspace's settings documents (the admin source of truth): `channels`
 * (ChannelSettings), `policy` (DeliveryPolicy), `webhooks` (WebhookSecrets), `secrets` (generated
 * unsubscribe secret), `site` (public URL). One row per workspace and kind, replaced whole.
 * Also the best-hour vote counters. Own tables, created on first use like d1-schema.ts's.
 */

export type SettingsKind = "channels" | "policy" | "webhooks" | "secrets" | "site";

const DDL = [
  `CREATE TABLE IF NOT EXISTS workspace_settings (
     workspace TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (workspace, kind))`,
  `CREATE TABLE IF NOT EXISTS best_hour_votes (
     workspace TEXT NOT NULL, hour INTEGER NOT NULL, count INTEGER NOT NULL,
     PRIMARY KEY (workspace, hour))`,
];

let ready: Promise<void> | null = null;

/** Runs `work` once the settings tables exist (recreated once after a "no such table"). */
export async function withSettingsSchema<T>(db: D1Database, work: () => Promise<T>): Promise<T> {
  const create = () => db.batch(DDL.map((sql) => db.prepare(sql))).then(() => undefined);
  ready ??= create().catch((err: unknown) => {
    ready = null;
    throw err;
  });
  await ready;
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes("no such table")) throw err;
    await create();
    return work();
  }
}

/** Every settings document of the workspace, by kind (bodies as stored JSON values). */
export async function getSettingsDocs(db: D1Database, workspace: string): Promise<Partial<Record<SettingsKind, { body: unknown; updatedAt: number }>>> {
  const { results } = await db
    .prepare("SELECT kind, body, updated_at FROM workspace_settings WHERE workspace = ?")
    .bind(workspace)
    .all<{ kind: string; body: string; updated_at: number }>();
  const out: Partial<Record<SettingsKind, { body: unknown; updatedAt: number }>> = {};
  for (const r of results) {
    if (isKind(r.kind)) out[r.kind] = { body: JSON.parse(r.body), updatedAt: r.updated_at };
  }
  return out;
}

/** Creates or replaces one settings document. */
export async function putSettingsDoc(db: D1Database, workspace: string, kind: SettingsKind, body: unknown, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO workspace_settings (workspace, kind, body, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (workspace, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    )
    .bind(workspace, kind, JSON.stringify(body), now)
    .run();
}

/** Stores `body` only if there is no document of `kind` yet (first writer wins); returns the stored one. */
export async function putSettingsDocOnce(db: D1Database, workspace: string, kind: SettingsKind, body: unknown, now: number): Promise<unknown> {
  await db
    .prepare("INSERT OR IGNORE INTO workspace_settings (workspace, kind, body, updated_at) VALUES (?, ?, ?, ?)")
    .bind(workspace, kind, JSON.stringify(body), now)
    .run();
  const row = await db.prepare("SELECT body FROM workspace_settings WHERE workspace = ? AND kind = ?").bind(workspace, kind).first<{ body: string }>();
  return row === null ? body : JSON.parse(row.body);
}

/** Moves one best-hour vote (either side null: none) and returns the 24 counters after it. */
export async function moveBestHourVote(db: D1Database, workspace: string, before: number | null, after: number | null): Promise<number[]> {
  const statements: D1PreparedStatement[] = [];
  if (before !== null) statements.push(db.prepare("UPDATE best_hour_votes SET count = MAX(0, count - 1) WHERE workspace = ? AND hour = ?").bind(workspace, before));
  if (after !== null) {
    statements.push(
      db.prepare("INSERT INTO best_hour_votes (workspace, hour, count) VALUES (?, ?, 1) ON CONFLICT (workspace, hour) DO UPDATE SET count = count + 1").bind(workspace, after),
    );
  }
  if (statements.length > 0) await db.batch(statements);
  const { results } = await db.prepare("SELECT hour, count FROM best_hour_votes WHERE workspace = ?").bind(workspace).all<{ hour: number; count: number }>();
  const hours = new Array<number>(24).fill(0);
  for (const r of results) if (r.hour >= 0 && r.hour < 24) hours[r.hour] = r.count;
  return hours;
}

function isKind(kind: string): kind is SettingsKind {
  return kind === "channels" || kind === "policy" || kind === "webhooks" || kind === "secrets" || kind === "site";
}
