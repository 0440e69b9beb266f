/**
 * Keeps the stored segment membership equal to what the catalog's segments say now. A change
 * fires a segment signal (segment triggers), writes a trace line, and bumps the object's
 * membership-change counter (the audience report sends the delta after commit: member counts).
 * Each segment's `changesAt` is stored so the alarm re-evaluates at the instant a time window
 * changes membership (D-30 exactly 30 days after the last activity).
 *
 * Runs on every event and attribute change, so with many segments it must be cheap: only the
 * segments the change can affect (or whose time window is due) are evaluated, the others keep
 * their stored verdict (worker/audience/segment-pass.ts), and only rows whose verdict changed are
 * written.
 */
import { MEMBERSHIP_CHANGES } from "../../audience/report.ts";
import { segmentPass } from "../../audience/segment-pass.ts";
import { evaluateSegment } from "../../journey/segments/evaluate-segment.ts";
import type { Membership } from "../store/segment-store.ts";
import { traceShell } from "./shell-trace.ts";
import type { Turn } from "./turn.ts";
import type { Work } from "./work.ts";

/** Re-evaluates the live segments whose inputs changed; returns one signal per membership change. */
export function syncSegments(turn: Turn): Work[] {
  const { store, now } = turn;
  const pass = segmentPass(turn);
  const work: Work[] = [];
  let changes = 0;
  for (const { segment, stored: before } of pass.candidates) {
    const verdict = evaluateSegment(segment, pass.facts, now);
    pass.evaluated(segment);
    const changed = verdict.member !== (before?.member ?? false);
    const next: Membership = {
      segmentId: segment.id,
      member: verdict.member,
      since: changed || before === undefined ? now : before.since,
      changesAt: verdict.changesAt,
      reason: verdict.reason,
    };
    if (mustSave(before, next, now)) pass.save(next);
    if (!changed) continue;
    changes += 1;
    const on = verdict.member ? "enter" : "exit";
    traceShell(turn, { kind: "segment", reason: `${on === "enter" ? "entered" : "left"} segment ${segment.id}: ${verdict.reason}` });
    work.push({ type: "signal", signal: { type: "segment", segment: segment.id, on, at: now } });
  }
  // Segments no longer published: forget them (a member leaves the counts without a trigger).
  for (const gone of pass.gone) {
    pass.remove(gone.segmentId);
    if (gone.member) changes += 1;
  }
  if (changes > 0) store.meta.next(MEMBERSHIP_CHANGES);
  pass.finish();
  return work;
}

/**
 * Whether the stored row must be rewritten. Not when only the wake-up moved later (each event
 * pushes every `inactive_for` re-check back): the stored, earlier one wakes the object for a
 * harmless re-check, which then stores the later one. So an event costs writes only for
 * segments whose membership changed.
 */
function mustSave(before: Pick<Membership, "member" | "changesAt"> | undefined, next: Membership, now: number): boolean {
  if (before === undefined || before.member !== next.member) return true;
  if (before.changesAt === next.changesAt) return false;
  if (before.changesAt === null || before.changesAt <= now) return true;
  return next.changesAt !== null && next.changesAt < before.changesAt;
}
