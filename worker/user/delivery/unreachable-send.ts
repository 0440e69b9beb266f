/**
 * The reachability gate before a marketing send, used by the default performer
 * (delivery-performer.ts): a non-transactional send to the user's own address on a channel that
 * `reachability` says cannot reach them (unsubscribed, bounced, STOP, no SMS or WhatsApp opt-in, a
 * channel found dead, no SDK session in 30 days for in-app) is suppressed with the reason, without
 * asking the provider. It is the rule `is_reachable` answers with and `simulate` shows, so a
 * journey need not test reachability before every send to honour an unsubscribe.
 * Transactional sends (receipts, reminders the user asked for) and sends to another address
 * (`to`, e.g. a parent's phone) are not gated: the user's own opt-outs do not speak for them.
 */
import { reachability, type ContactProfile } from "../../channels/contact.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { Effect } from "../../journey/types.ts";

type SendEffect = Extract<Effect, { type: "send" }>;

/**
 * `suppressed` with the reason when `effect` must not go to `contact` at `now`, else null. Pure.
 * @example unreachableSend({ channel: "email", transactional: false }, { userId: "u1", traits: { email: "a@b.co", email_unsubscribed: true } }, now)
 * // { type: "suppressed", reason: "unreachable: email: no valid email, or bounced/unsubscribed" }
 */
export function unreachableSend(effect: Pick<SendEffect, "channel" | "transactional" | "to">, contact: ContactProfile, now: number): Extract<DeliveryOutcome, { type: "suppressed" }> | null {
  if (effect.transactional || effect.to !== undefined) return null;
  const reach = reachability(effect.channel, contact, now);
  return reach.reachable ? null : { type: "suppressed", reason: `unreachable: ${reach.reason}` };
}
