/**
 * Step 2 of an identity merge, in the known user's object, as one input (one transaction):
 * - profile: the known user's traits win; traits only the visitor had are added (as attribute
 *   changes: triggers and segments see them); zone, dead channels, first/last seen combined;
 * - events: added unless their messageId is already here;
 * - runs: moved with their timers and unperformed outbox rows, re-keyed (rekey.ts), so a visitor
 *   waiting in a journey goes on waiting here and the timer fires once, here. A visitor's active
 *   run of a journey + key the known user already runs ends "merged" (no second copy). A moved
 *   row keeps the idempotency key the visitor's object sends it with, and when the visitor was
 *   seen first, this object's own unperformed rows keep theirs (the first-seen time is part of
 *   the derived key): a provider that already took an earlier attempt drops the next;
 * - message log and the newest trace lines: copied (re-keyed); other tables: copied; push
 *   subscriptions brought this way count as stored here (delivery/push-subscriptions.ts keepPushList);
 * - segments: re-evaluated on the merged profile and history.
 * Absorbing the same snapshot again changes nothing.
 */
import type { Run } from "../../journey/types.ts";
import type { Sql } from "../../lib/sql.ts";
import { segmentsInput, traitsInput } from "../runtime/inputs.ts";
import { saveProfile, type Turn } from "../runtime/turn.ts";
import { traceShell } from "../runtime/shell-trace.ts";
import { deliveryKeyPrefix } from "../delivery/delivery-key.ts";
import type { IoEffect, OutboxRow } from "../store/outbox-store.ts";
import { alreadyAbsorbed } from "./merge-marker.ts";
import type { AbsorbResult, MergeSnapshot } from "./merge-types.ts";
import { importOtherTables } from "./other-tables.ts";
import { keepPushList } from "../delivery/push-subscriptions.ts";
import { createRekey, type Rekey } from "./rekey.ts";

/** The known user's object: its storage and its id (the first part of its delivery keys). */
export interface AbsorbTarget {
  db: Sql;
  raw: SqlStorage;
  objectId: string;
}

export function absorbSnapshot(turn: Turn, here: AbsorbTarget, snap: MergeSnapshot): AbsorbResult {
  const { store, now } = turn;
  const { db, raw } = here;
  if (alreadyAbsorbed(store.meta, snap.source, now)) return { type: "already" };
  const known = turn.profile;
  // Rows pending here may have been tried with the key derived from the first-seen time about to change.
  if (snap.profile.firstSeen < known.firstSeen) store.outbox.pinDeliveryKeys(deliveryKeyPrefix(here.objectId, known.firstSeen));
  turn.profile = {
    ...known,
    anonymousId: known.anonymousId ?? snap.profile.anonymousId,
    timeZone: known.timeZone ?? snap.profile.timeZone,
    unreachable: { ...snap.profile.unreachable, ...known.unreachable },
    firstSeen: Math.min(known.firstSeen, snap.profile.firstSeen),
    lastSeen: Math.max(known.lastSeen, snap.profile.lastSeen),
  };
  saveProfile(turn);
  let events = 0;
  for (const event of snap.events) if (store.events.insert(event)) events += 1;
  store.events.prune(now);

  const rekey = createRekey();
  const { moved, ended, journeys } = moveRuns(turn, db, snap, rekey);
  for (const m of snap.messages) store.messages.record({ ...m, key: rekey.apply(m.key) });
  store.trace.append(snap.trace.map((t) => ({ ...t, runId: rekey.apply(t.runId) })));
  const subscriptions = store.delivery.push.count();
  importOtherTables(raw, snap.other, rekey.apply);
  // The visitor's browser subscriptions now belong to the known user: they decide web push here too.
  if (store.delivery.push.count() > subscriptions) keepPushList(turn);
  traceShell(turn, {
    kind: "entry",
    reason: `merged visitor ${snap.source}: ${events} events, ${moved} runs moved, ${ended} ended as duplicates, ${snap.messages.length} message log lines`,
  });

  const visitorOnly = Object.fromEntries(Object.entries(snap.profile.traits).filter(([key]) => !Object.hasOwn(turn.profile.traits, key)));
  traitsInput(turn, visitorOnly);
  segmentsInput(turn);
  return { type: "absorbed", journeys, moved, ended, events };
}

function moveRuns(turn: Turn, db: Sql, snap: MergeSnapshot, rekey: Rekey): { moved: number; ended: number; journeys: string[] } {
  const { store, now } = turn;
  const userId = snap.target.userId;
  const journeys = new Set<string>();
  const duplicates = new Set<string>();
  for (const run of snap.runs) {
    const next = `${run.journeyId}:${store.meta.next(`run:${run.journeyId}`)}`;
    rekey.set(run.id, next);
    const clash = run.status === "active" && store.runs.listActiveOf(run.journeyId).some((r) => r.key === run.key);
    if (clash) {
      duplicates.add(run.id);
      endAsMerged(turn, { ...run, id: next, userId });
      continue;
    }
    store.runs.save(rekeyRun(run, next, userId, rekey));
    if (run.status === "active") journeys.add(run.journeyId);
  }
  for (const timer of snap.timers) {
    if (duplicates.has(timer.runId)) continue;
    store.timers.set({ ...timer, id: rekey.apply(timer.id), runId: rekey.apply(timer.runId) });
  }
  for (const row of snap.outbox) {
    if (duplicates.has(row.effect.runId)) continue;
    insertOutbox(db, row, rekeyEffect(row.effect, rekey), now);
  }
  return { moved: snap.runs.length - duplicates.size, ended: duplicates.size, journeys: [...journeys] };
}

function rekeyRun(run: Run, id: string, userId: string, rekey: Rekey): Run {
  const w = run.waiting;
  const waiting = w === null ? null : w.type === "data" ? { ...w, requestKey: rekey.apply(w.requestKey) } : { ...w, timerId: rekey.apply(w.timerId) };
  return { ...run, id, userId, waiting };
}

function rekeyEffect(effect: IoEffect, rekey: Rekey): IoEffect {
  return { ...effect, key: rekey.apply(effect.key), runId: rekey.apply(effect.runId) };
}

/** The visitor's run duplicates one the known user has active: kept as ended (re-entry rules see it). */
function endAsMerged(turn: Turn, run: Run): void {
  const node = run.waiting?.node ?? null;
  turn.store.runs.save({ ...run, status: "ended", waiting: null, endedAt: turn.now, endReason: "merged" });
  turn.store.trace.append([
    { at: turn.now, runId: run.id, journeyId: run.journeyId, version: run.version, node, kind: "end", reason: `run ended (merged): the known user already runs journey ${run.journeyId}${run.key === "" ? "" : ` with key ${JSON.stringify(run.key)}`}` },
  ]);
  turn.stats.push({ workspace: turn.workspace, journeyId: run.journeyId, version: run.version, node, kind: "exited", at: turn.now, reason: "merged" });
}

/** Moves an unperformed outbox row as it was (attempts, next try and idempotency key kept). */
function insertOutbox(db: Sql, row: OutboxRow, effect: IoEffect, now: number): void {
  db.run`INSERT INTO outbox (key, type, run_id, effect, status, attempts, next_attempt_at, last_error, delivery_key, created_at, updated_at)
    VALUES (${effect.key}, ${effect.type}, ${effect.runId}, ${JSON.stringify(effect)}, 'pending', ${row.attempts}, ${row.nextAttemptAt}, ${row.lastError}, ${row.deliveryKey ?? null}, ${now}, ${now})
    ON CONFLICT (key) DO NOTHING`;
}
