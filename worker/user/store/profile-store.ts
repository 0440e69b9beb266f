/**
 * The one-row profile: who the user is, their traits, time zone, dead channels and activity times.
 * All SQL for the `profile` table lives here.
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
}

export function createProfileStore(db: Sql): ProfileStore {
  return {
    get() {
      const row = db.one<ProfileRow>`SELECT * FROM profile WHERE id = 1`;
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
      db.run`INSERT INTO profile (id, workspace, user_id, anonymous_id, traits, time_zone, unreachable, first_seen, last_seen)
             VALUES (1, ${p.workspace}, ${p.userId}, ${p.anonymousId}, ${JSON.stringify(p.traits)}, ${p.timeZone},
                     ${JSON.stringify(p.unreachable)}, ${p.firstSeen}, ${p.lastSeen})
             ON CONFLICT (id) DO UPDATE SET workspace = excluded.workspace, user_id = excluded.user_id,
               anonymous_id = excluded.anonymous_id, traits = excluded.traits, time_zone = excluded.time_zone,
               unreachable = excluded.unreachable, first_seen = excluded.first_seen, last_seen = excluded.last_seen`;
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
