/**
 * What an engagement signal (a provider webhook, the service worker, the in-app SDK, an
 * unsubscribe link) does to the user, in one transaction per signal: it becomes a user event
 * ("Email Opened", … — journeys can wait for it), may change reachability (a hard bounce, a STOP),
 * teaches the best-hour model (opens, clicks, reads) and moves an in-app message along in the
 * inbox. A signal id seen before changes nothing (providers retry); ids are remembered for
 * `SIGNAL_RETENTION_MS` (30 days), pruned as new signals arrive.
 */
import { engagementEvent, type SentMessage } from "../../delivery/engagement/engagement-event.ts";
import { reachabilityPatch } from "../../delivery/engagement/reachability-patch.ts";
import { isUserEngagement, type EngagementSignal } from "../../delivery/engagement/signal.ts";
import { mergeTraits } from "../runtime/attribute-changes.ts";
import { processWork } from "../runtime/process-work.ts";
import { saveProfile, type Turn } from "../runtime/turn.ts";
import { attributeWork, type Work } from "../runtime/work.ts";
import type { Session } from "../shell/input-runner.ts";
import type { MessageLogRow } from "../store/message-store.ts";
import type { PendingStatus } from "../store/pending-message-store.ts";
import { recordEngagementHour, type VoteMove } from "./best-hour-store.ts";
import { parseDeliveryKey } from "./delivery-key.ts";

export interface EngagementResult {
  /** Signals applied now. */
  applied: number;
  /** Signals seen before (ignored). */
  duplicates: number;
  /** Best-hour vote moves to publish after commit. */
  votes: VoteMove[];
}

/** Applies every signal, each in its own transaction. */
export function applySignals(session: Session, signals: readonly EngagementSignal[]): EngagementResult {
  const result: EngagementResult = { applied: 0, duplicates: 0, votes: [] };
  for (const signal of signals) {
    const outcome = session.transact((turn) => applySignal(turn, signal));
    if (outcome === "duplicate") result.duplicates += 1;
    else {
      result.applied += 1;
      if (outcome.vote !== null) result.votes.push(outcome.vote);
    }
  }
  return result;
}

function applySignal(turn: Turn, signal: EngagementSignal): "duplicate" | { vote: VoteMove | null } {
  const { store } = turn;
  if (!store.delivery.signals.markSeen(signal.id, turn.now)) return "duplicate";
  // Forget ids past the retention here, where the table grows: one indexed delete per new signal,
  // nothing on the event or alarm paths, and a user without alarms is pruned too.
  store.delivery.signals.prune(turn.now);
  const message = sentMessage(turn, signal);
  const work: Work[] = [];
  // The SDK and service worker track their own events ("In-App Shown", "Push Clicked"): only
  // provider and link signals become events here.
  if (signal.source !== "sdk") {
    const event = engagementEvent(signal, message);
    const stored = store.events.insert({ messageId: event.id ?? signal.id, type: "event", name: event.name, properties: event.properties, at: event.at });
    if (stored) work.push({ type: "segments" }, { type: "signal", signal: { type: "event", event } });
  }
  const acted = isUserEngagement(signal);
  if (acted && signal.at > turn.profile.lastSeen) turn.profile = { ...turn.profile, lastSeen: Math.min(signal.at, turn.now) };
  const patch = reachabilityPatch(signal, turn.profile.traits);
  if (patch !== null) {
    const traits = { ...turn.profile.traits };
    const deltas = mergeTraits(traits, patch.traits);
    turn.profile = { ...turn.profile, traits };
    work.push(...attributeWork(turn, deltas));
  }
  saveProfile(turn);
  const vote = acted ? recordEngagementHour(store.meta, signal.at, turn.profile.timeZone ?? "UTC") : null;
  const status = inboxStatus(signal);
  if (status !== null && signal.messageKey !== undefined) store.delivery.inbox.setStatus(signal.messageKey, status, turn.now);
  const what = `${signal.channel} ${signal.type} (${signal.source})${message === undefined ? "" : ` for ${message.journey}/${message.node}`}`;
  const reach = patch === null ? "" : `; ${patch.channel} ${patch.reachable ? "reachable" : "unreachable"}: ${patch.reason}`;
  store.trace.append([{ at: turn.now, runId: "", journeyId: message?.journey ?? null, version: message?.version ?? null, node: message?.node ?? null, kind: "engagement", reason: `${what}${reach}` }]);
  processWork(turn, work);
  return { vote };
}

/** The logged send the signal refers to, by our delivery key or the provider's message id. */
function sentMessage(turn: Turn, signal: EngagementSignal): SentMessage | undefined {
  const messages = turn.store.messages;
  let row: MessageLogRow | null = null;
  if (signal.messageKey !== undefined) {
    const rowKey = parseDeliveryKey(signal.messageKey)?.rowKey ?? signal.messageKey;
    // A send moved here by an identity merge went out with the visitor's key: its outbox row knows it.
    row = messages.find(turn.store.outbox.sentWith(signal.messageKey, rowKey)?.key ?? rowKey);
  }
  if (row === null && signal.providerMessageId !== undefined) row = messages.findByProviderId(signal.providerMessageId);
  return row === null ? undefined : { journey: row.journey, version: row.version, node: row.node, template: row.template };
}

function inboxStatus(signal: EngagementSignal): PendingStatus | null {
  if (signal.channel !== "in_app" && signal.channel !== "web_overlay") return null;
  return signal.type === "shown" || signal.type === "clicked" || signal.type === "dismissed" ? signal.type : null;
}
