/**
 * One send can go to several addresses (a user's browsers, app installs). The report keeps each
 * address's outcome (so dead push subscriptions can be deleted) and one outcome for the outbox.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { Recipient } from "./types.ts";

export interface SendReport {
  /** What the outbox records for the row. */
  outcome: DeliveryOutcome;
  /** Per address; `unreachable` ones should be removed from the profile. */
  results: Array<{ recipient: Recipient; outcome: DeliveryOutcome }>;
}

/**
 * Sums up per-address outcomes. Pure.
 * - none: suppressed (unreachable at send time)
 * - any sent: sent (a retry would repeat the message to the addresses that got it)
 * - else any retry: retry at the earliest time asked
 * - else all unreachable: unreachable; else the first failure
 */
export function combineOutcomes(channel: string, results: ReadonlyArray<{ outcome: DeliveryOutcome }>): DeliveryOutcome {
  const outcomes = results.map((r) => r.outcome);
  const [head] = outcomes;
  if (head === undefined) return { type: "suppressed", reason: `${channel}: no address to send to` };
  const sent = outcomes.filter((o) => o.type === "sent");
  const first = sent[0];
  if (first !== undefined) {
    return outcomes.length === 1 ? first : { ...first, detail: `${sent.length} of ${outcomes.length} addresses${first.detail === undefined ? "" : `; ${first.detail}`}` };
  }
  const retries = outcomes.filter((o) => o.type === "retry");
  if (retries.length > 0) return retries.reduce((a, b) => (b.afterMs < a.afterMs ? b : a));
  if (outcomes.every((o) => o.type === "unreachable")) return outcomes.length === 1 ? head : { type: "unreachable", reason: `${channel}: all ${outcomes.length} addresses unreachable` };
  return outcomes.find((o) => o.type === "failed") ?? head;
}
