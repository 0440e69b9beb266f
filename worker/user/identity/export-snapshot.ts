/**
 * Step 1 of an identity merge, in the visitor's object: mark it merged into the known user (from
 * now on it forwards every call there and its alarm does nothing) and hand over everything it
 * holds. Called while no input and no outbox work runs, so nothing is half done; repeated calls
 * for the same target return the same data until `finishMerge()` empties the object (the object
 * performs nothing once marked). Each unperformed outbox row carries the idempotency key this
 * object sends it with: an earlier attempt may have reached the provider (its outcome lost in a
 * crash, or a retry), and the known user's object must send it under the same key.
 */
import type { Run } from "../../journey/types.ts";
import type { Sql } from "../../lib/sql.ts";
import { deliveryKey } from "../delivery/delivery-key.ts";
import { isRecord } from "../store/profile-store.ts";
import type { StoredEvent } from "../store/event-store.ts";
import type { TimerRow } from "../store/timer-store.ts";
import type { UserStore } from "../store/user-store.ts";
import { markMergedInto, mergedInto } from "./merge-marker.ts";
import type { MergeExport, MergeSnapshot, MergeTarget } from "./merge-types.ts";
import { exportOtherTables } from "./other-tables.ts";

/** Trace lines handed over (the newest). */
export const MERGED_TRACE_LINES = 500;

/** This object: its name (the snapshot's `source`) and its id (the first part of its delivery keys). */
export interface MergeSource {
  name: string;
  objectId: string;
}

export function exportSnapshot(store: UserStore, db: Sql, raw: SqlStorage, self: MergeSource, target: MergeTarget, now: number): MergeExport {
  const into = mergedInto(store.meta);
  if (into !== null && into.name !== target.name) return { type: "merged", into: into.name };
  if (into === null) markMergedInto(store.meta, target);
  const profile = store.profile.get();
  if (profile === null) return { type: "empty" };
  const trace = store.trace.list();
  const snapshot: MergeSnapshot = {
    source: self.name,
    target,
    exportedAt: now,
    profile,
    events: allEvents(db),
    runs: db.all<{ run: string }>`SELECT run FROM runs ORDER BY entered_at, id`.map((r): Run => JSON.parse(r.run)),
    timers: db
      .all<{ id: string; run_id: string; kind: string; due_at: number }>`SELECT * FROM timers ORDER BY due_at, rowid`
      .map((t): TimerRow => ({ id: t.id, runId: t.run_id, kind: t.kind, dueAt: t.due_at })),
    outbox: store.outbox
      .list()
      .filter((row) => row.status === "pending")
      .map((row) => ({ ...row, deliveryKey: row.deliveryKey ?? deliveryKey(self.objectId, profile.firstSeen, row.key) })),
    messages: store.messages.list(),
    trace: trace.slice(-MERGED_TRACE_LINES),
    segments: store.segments.all().filter((m) => m.member).map((m) => m.segmentId),
    other: exportOtherTables(raw),
  };
  return { type: "snapshot", snapshot: JSON.stringify(snapshot) };
}

function allEvents(db: Sql): StoredEvent[] {
  return db
    .all<{ message_id: string; type: string; name: string | null; properties: string; at: number }>`SELECT message_id, type, name, properties, at FROM events ORDER BY seq`
    .map((e) => {
      const properties: unknown = JSON.parse(e.properties);
      return { messageId: e.message_id, type: e.type, name: e.name, properties: isRecord(properties) ? properties : {}, at: e.at };
    });
}
