/**
 * Keeps the stored segment membership equal to what the catalog's segments say now. A change
 * fires a segment signal (segment triggers); each segment's `changesAt` is stored so the alarm
 * re-evaluates at the instant a time window changes membership (D-30 exactly 30 days after the
 * last activity).
 */
import { evaluateSegment } from "../../journey/segments/evaluate-segment.ts";
import { traceShell } from "./shell-trace.ts";
import type { Turn } from "./turn.ts";
import { userView } from "./user-view.ts";
import type { Work } from "./work.ts";

/** Re-evaluates every live segment; returns one signal per membership change. */
export function syncSegments(turn: Turn): Work[] {
  const { store, now } = turn;
  const view = userView(turn);
  const work: Work[] = [];
  const live = new Set<string>();
  for (const segment of turn.catalog.live.segments) {
    live.add(segment.id);
    const verdict = evaluateSegment(segment, view, now);
    const before = store.segments.get(segment.id);
    const changed = verdict.member !== (before?.member ?? false);
    store.segments.save({
      segmentId: segment.id,
      member: verdict.member,
      since: changed || before === null ? now : before.since,
      changesAt: verdict.changesAt,
      reason: verdict.reason,
    });
    if (!changed) continue;
    const on = verdict.member ? "enter" : "exit";
    traceShell(turn, { kind: "segment", reason: `${on === "enter" ? "entered" : "left"} segment ${segment.id}: ${verdict.reason}` });
    work.push({ type: "signal", signal: { type: "segment", segment: segment.id, on, at: now } });
  }
  for (const stored of store.segments.all()) if (!live.has(stored.segmentId)) store.segments.remove(stored.segmentId);
  return work;
}
