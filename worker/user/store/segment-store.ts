/**
 * The user's segment membership as last evaluated, with the instant a time window will change it
 * (`changes_at`), which the alarm honours: D-30 is entered exactly 30 days after the last activity.
 */
import type { Sql } from "../../lib/sql.ts";
import type { Millis } from "../../journey/types.ts";

export interface Membership {
  segmentId: string;
  member: boolean;
  since: Millis;
  changesAt: Millis | null;
  reason: string | null;
}

export interface SegmentStore {
  all(): Membership[];
  get(segmentId: string): Membership | null;
  save(m: Membership): void;
  remove(segmentId: string): void;
  /** The earliest `changes_at`, or null. */
  nextChange(): Millis | null;
}

type Row = { segment_id: string; member: number; since: number; changes_at: number | null; reason: string | null };
const toMembership = (r: Row): Membership => ({
  segmentId: r.segment_id,
  member: r.member === 1,
  since: r.since,
  changesAt: r.changes_at,
  reason: r.reason,
});

export function createSegmentStore(db: Sql): SegmentStore {
  return {
    all() {
      return db.all<Row>`SELECT * FROM segment_membership ORDER BY segment_id`.map(toMembership);
    },
    get(segmentId) {
      const row = db.one<Row>`SELECT * FROM segment_membership WHERE segment_id = ${segmentId}`;
      return row ? toMembership(row) : null;
    },
    save(m) {
      db.run`INSERT INTO segment_membership (segment_id, member, since, changes_at, reason)
        VALUES (${m.segmentId}, ${m.member ? 1 : 0}, ${m.since}, ${m.changesAt}, ${m.reason})
        ON CONFLICT (segment_id) DO UPDATE SET member = excluded.member, since = excluded.since,
          changes_at = excluded.changes_at, reason = excluded.reason`;
    },
    remove(segmentId) {
      db.run`DELETE FROM segment_membership WHERE segment_id = ${segmentId}`;
    },
    nextChange() {
      return db.one<{ at: number | null }>`SELECT MIN(changes_at) AS at FROM segment_membership`?.at ?? null;
    },
  };
}
