/**
 * The one-row profile: who the user is, their traits, time zone, dead channels and activity times.
 * All SQL for the `profile` table lives here.
 *
 * The object is the row's only writer, so the row is kept in memory after the first read (each
 * `get` still returns fresh objects). The memory must be dropped with `forget` whenever the row
 * may have changed otherwise: a rolled-back transaction, the storage erased
 * (worker/user/store/user-store.ts does both).
 */
import type { Sql } from "../../lib/sql.ts";
import type { Attributes } from "../../journey/types.ts";

export interface Profile {
  workspace: string;
  userId: string | null;
  anonymousId: string | null;
  traits: Attributes;
  timeZone: string | null;
  /** Channels found dead on delivery (bounce, 410 push endpoint): channel → reason. */
  unreachable: Record<string, string>;
  firstSeen: number;
  lastSeen: number;
}

type ProfileRow = {
  workspace: string;
  user_id: string | null;
  anonymous_id: string | null;
  traits: string;
  time_zone: string | null;
  unreachable: string;
  first_seen: number;
  last_seen: number;
};

export interface ProfileStore {
  get(): Profile | null;
  /** Creates or replaces the row. */
  save(profile: Profile): void;
  /** Drops the in-memory row (the next `get` reads storage). */
  forget(): void;
}

export function createProfileStore(db: Sql): ProfileStore {
  let cached: ProfileRow | null | undefined;
  return {
    get() {
      if (cached === undefined) cached = db.one<ProfileRow>`SELECT * FROM profile WHERE id = 1`;
      const row = cached;
      if (!row) return null;
      return {
        workspace: row.workspace,
        userId: row.user_id,
        anonymousId: row.anonymous_id,
        traits: parseObject(row.traits),
        timeZone: row.time_zone,
        unreachable: parseStrings(row.unreachable),
        firstSeen: row.first_seen,
        lastSeen: row.last_seen,
      };
    },
    save(p) {
      const row: ProfileRow = {
        workspace: p.workspace,
        user_id: p.userId,
        anonymous_id: p.anonymousId,
        traits: JSON.stringify(p.traits),
        time_zone: p.timeZone,
        unreachable: JSON.stringify(p.unreachable),
        first_seen: p.firstSeen,
        last_seen: p.lastSeen,
      };
      cached = undefined; // a failed write leaves nothing stale behind
      db.run`INSERT INTO profile (id, workspace, user_id, anonymous_id, traits, time_zone, unreachable, first_seen, last_seen)
             VALUES (1, ${row.workspace}, ${row.user_id}, ${row.anonymous_id}, ${row.traits}, ${row.time_zone},
                     ${row.unreachable}, ${row.first_seen}, ${row.last_seen})
             ON CONFLICT (id) DO UPDATE SET workspace = excluded.workspace, user_id = excluded.user_id,
               anonymous_id = excluded.anonymous_id, traits = excluded.traits, time_zone = excluded.time_zone,
               unreachable = excluded.unreachable, first_seen = excluded.first_seen, last_seen = excluded.last_seen`;
      cached = row;
    },
    forget() {
      cached = undefined;
    },
  };
}

function parseObject(text: string): Attributes {
  const value: unknown = JSON.parse(text);
  return isRecord(value) ? value : {};
}

function parseStrings(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parseObject(text))) if (typeof v === "string") out[k] = v;
  return out;
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
