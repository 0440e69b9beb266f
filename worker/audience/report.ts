/**
 * The User Durable Object's reports to the AUDIENCE queue, sent after commit: `register` once
 * (the registry backfills page through), then a `membership` delta for each segment entered or
 * left since the last report. What was reported is kept in the object's meta table, so a report
 * that failed (queue unreachable, crash) is simply sent again by the next one; `seq` grows with
 * every delta, so D1 applies each at most once and never out of order.
 */
import type { Millis } from "../journey/types.ts";
import { createSerial } from "../lib/serial.ts";
import type { UserStore } from "../user/store/user-store.ts";
import type { AudienceMessage, AudienceQueue } from "./messages.ts";

/** Meta counter bumped in the same transaction as every membership change (segment-sync.ts). */
export const MEMBERSHIP_CHANGES = "audience:changes";
/** Meta row: what the object last reported. */
const REPORTED = "audience:reported";

interface Reported {
  /** The MEMBERSHIP_CHANGES value reported up to. */
  changes: number;
  /** Segment ids reported as member. */
  members: string[];
  seq: number;
  registered: boolean;
}

export interface AudienceReporter {
  /** Reports what changed since the last report; returns how many messages were sent. Never throws. */
  report(name: string, now: Millis): Promise<number>;
  /** Reports the user as having left every segment (a visitor merged into a known user); throws if not sent. */
  reportGone(name: string, now: Millis): Promise<number>;
  /** The object's storage was erased: forget what this instance knows was reported. */
  forget(): void;
}

/** A reporter over the object's store; reports run one at a time. */
export function createAudienceReporter(store: UserStore, queue: () => AudienceQueue | null): AudienceReporter {
  const serial = createSerial();
  // The MEMBERSHIP_CHANGES value this instance reported (registered) up to: a report with nothing
  // new (most events) then costs one read.
  let reportedUpTo: number | null = null;
  const run = (name: string, now: Millis, gone: boolean): Promise<number> =>
    serial(async () => {
      const changes = Number(store.meta.get(MEMBERSHIP_CHANGES) ?? "0");
      if (!gone && reportedUpTo === changes) return 0;
      const q = queue();
      const profile = store.profile.get();
      if (q === null || profile === null || name === "") return 0;
      const before = readReported(store.meta.get(REPORTED));
      if (!gone && before.registered && before.changes === changes) {
        reportedUpTo = changes;
        return 0;
      }
      const members = gone ? [] : store.segments.all().filter((m) => m.member).map((m) => m.segmentId);
      const messages: AudienceMessage[] = [];
      const workspace = profile.workspace;
      if (!before.registered && !gone) messages.push({ type: "register", workspace, user: name, at: now });
      let seq = before.seq;
      const was = new Set(before.members);
      const is = new Set(members);
      for (const segment of members) if (!was.has(segment)) messages.push({ type: "membership", workspace, user: name, segment, member: true, seq: ++seq, at: now });
      for (const segment of before.members) if (!is.has(segment)) messages.push({ type: "membership", workspace, user: name, segment, member: false, seq: ++seq, at: now });
      for (let i = 0; i < messages.length; i += 100) await q.sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
      const after: Reported = { changes, members, seq, registered: before.registered || !gone };
      store.transaction(() => store.meta.set(REPORTED, JSON.stringify(after)));
      reportedUpTo = gone ? null : changes;
      return messages.length;
    });
  const safe = (name: string, now: Millis, gone: boolean): Promise<number> =>
    run(name, now, gone).catch((error: unknown) => {
      // Not lost: what was not reported is reported by the next call.
      console.error(`[nudge] audience report not sent: ${error instanceof Error ? error.message : String(error)}`);
      return 0;
    });
  return {
    report: (name, now) => safe(name, now, false),
    reportGone: (name, now) => run(name, now, true),
    forget: () => {
      reportedUpTo = null;
    },
  };
}

function readReported(text: string | null): Reported {
  const empty: Reported = { changes: 0, members: [], seq: 0, registered: false };
  if (text === null) return empty;
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) return empty;
  const changes: unknown = Reflect.get(value, "changes");
  const members: unknown = Reflect.get(value, "members");
  const seq: unknown = Reflect.get(value, "seq");
  return {
    changes: typeof changes === "number" ? changes : 0,
    members: Array.isArray(members) ? members.filter((m): m is string => typeof m === "string") : [],
    seq: typeof seq === "number" ? seq : 0,
    registered: Reflect.get(value, "registered") === true,
  };
}
