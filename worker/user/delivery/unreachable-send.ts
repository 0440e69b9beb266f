/**
 * The reachability gate before every send, used by the default performer (delivery-performer.ts)
 * ahead of the delivery policy and the providers: the send gate of the journey core
 * (worker/journey/send-gate.ts, the rule `simulate` shows too) over what the object knows of the
 * user (`reachability`: traits, dead channels, stored push subscriptions, the SDK session). A
 * marketing send to a channel that cannot reach the user (unsubscribed, bounced, STOP, no SMS or
 * WhatsApp opt-in, a channel found dead, no session in 30 days for in-app) and any send with no
 * address at all (transactional ones included) is `suppressed` with the reason; the provider is
 * not asked. A transactional send to an address the user opted out of still goes, and so does a
 * send to another person's address (`to`) that is set.
 */
import { reachability, type ContactProfile } from "../../channels/contact.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import { sendGate } from "../../journey/send-gate.ts";
import type { Effect } from "../../journey/types.ts";

type SendEffect = Extract<Effect, { type: "send" }>;

/**
 * `suppressed` with the reason when `effect` must not go to `contact` at `now`, else null. Pure.
 * @example unreachableSend({ channel: "sms", transactional: false }, { userId: "u1", traits: { phone: "+14155550100", sms_opt_in: true, sms_unsubscribed: true } }, now)
 * // { type: "suppressed", reason: "unreachable: sms: opted out with STOP (sms_unsubscribed)" }
 */
export function unreachableSend(effect: Pick<SendEffect, "channel" | "transactional" | "to">, contact: ContactProfile, now: number): Extract<DeliveryOutcome, { type: "suppressed" }> | null {
  const reason = sendGate(effect, reachability(effect.channel, contact, now), contact.traits);
  return reason === null ? null : { type: "suppressed", reason };
}
