/**
 * Records what performing an outbox row came to, in one transaction: the outbox row (done,
 * pending again with backoff, or failed for good), the message log for sends (sent, suppressed,
 * failed, keyed by the idempotency key so it is written once), a dead channel on the profile, a
 * trace line, and the stats.
 */
import type { Millis } from "../../journey/types.ts";
import { backoff } from "../../lib/backoff.ts";
import type { StatsDelta } from "../stats/stats-delta.ts";
import type { MessageStatus } from "../store/message-store.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { PerformOutcome } from "./performer.ts";

/** Attempts before a retried row fails for good (delays 1s, 2s, 4s … between them). */
export const MAX_ATTEMPTS = 8;

/** What a row came to once the retry policy is applied. */
type Final = { status: MessageStatus; reason: string | null; provider: string | null; providerId: string | null };

/** @returns stats deltas to emit after commit */
export function recordOutcome(store: UserStore, row: OutboxRow, outcome: PerformOutcome, workspace: string, now: Millis): StatsDelta[] {
  const attempt = row.attempts + 1;
  let final: Final;
  switch (outcome.type) {
    case "deferred": {
      const until = Math.max(outcome.until, now + 1);
      store.outbox.defer(row.key, until, now);
      note(store, row, now, `deferred to ${new Date(until).toISOString()}: ${outcome.reason}`);
      return [];
    }
    case "sent":
      final = { status: "sent", reason: null, provider: outcome.detail ?? null, providerId: outcome.providerId ?? null };
      break;
    case "suppressed":
      final = { status: "suppressed", reason: outcome.reason, provider: null, providerId: null };
      break;
    case "failed":
      final = { status: "failed", reason: outcome.reason, provider: null, providerId: null };
      break;
    case "unreachable":
      markUnreachable(store, row, outcome.reason);
      final = { status: "failed", reason: `unreachable: ${outcome.reason}`, provider: null, providerId: null };
      break;
    case "retry": {
      if (attempt < MAX_ATTEMPTS) {
        const at = now + Math.max(outcome.afterMs, backoff(attempt));
        store.outbox.markAttempt(row.key, outcome.reason, at, now);
        note(store, row, now, `attempt ${attempt} failed (${outcome.reason}); retry at ${new Date(at).toISOString()}`);
        return [];
      }
      final = { status: "failed", reason: `gave up after ${attempt} attempts: ${outcome.reason}`, provider: null, providerId: null };
      break;
    }
  }
  if (final.status === "failed") store.outbox.markAttempt(row.key, final.reason ?? "failed", null, now);
  else store.outbox.markDone(row.key, now);
  const e = row.effect;
  if (e.type === "send") {
    store.messages.record({
      key: row.key, journey: e.journeyId, version: e.version, node: e.node, channel: e.channel, template: e.template,
      ...final, transactional: e.transactional, at: now,
    });
  }
  note(store, row, now, `${final.status}${final.reason === null ? "" : `: ${final.reason}`}`);
  if (final.status !== "failed" || e.type === "fetch_data") return [];
  const of = runOf(store, row);
  if (of === null) return [];
  return [{ workspace, journeyId: of.journeyId, version: of.version, node: e.node, kind: "failed", at: now, reason: final.reason ?? "failed" }];
}

/** The row's journey and version: a send carries them, other effects are looked up by their run. */
function runOf(store: UserStore, row: OutboxRow): { journeyId: string; version: number } | null {
  const e = row.effect;
  return e.type === "send" ? { journeyId: e.journeyId, version: e.version } : store.runs.get(e.runId);
}

function markUnreachable(store: UserStore, row: OutboxRow, reason: string): void {
  const e = row.effect;
  const profile = store.profile.get();
  if (e.type !== "send" || profile === null) return;
  store.profile.save({ ...profile, unreachable: { ...profile.unreachable, [e.channel]: reason } });
}

function note(store: UserStore, row: OutboxRow, now: Millis, what: string): void {
  const e = row.effect;
  const label = e.type === "send" ? `send ${e.channel} ${e.template}` : e.type;
  const run = runOf(store, row);
  store.trace.append([{
    at: now, runId: e.runId, journeyId: run?.journeyId ?? null, version: run?.version ?? null, node: e.node,
    kind: "delivery", reason: `${label}: ${what}`,
  }]);
}
