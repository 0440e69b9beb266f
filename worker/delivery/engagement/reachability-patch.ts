/**
 * What an engagement signal changes about reaching the user, as a patch of the profile traits
 * that `reachableFromTraits` (worker/journey/reachability.ts) reads, so "is reachable" follows
 * from the profile alone. Pure.
 *
 * | signal                                      | traits set                                   |
 * |---------------------------------------------|----------------------------------------------|
 * | email bounced (permanent)                   | `email_bounced: true`                        |
 * | email complained / unsubscribed             | `email_unsubscribed: true`                   |
 * | email resubscribed                          | `email_unsubscribed: false`, `email_bounced: false` |
 * | sms unsubscribed (STOP)                     | `sms_unsubscribed: true`                     |
 * | sms resubscribed (START)                    | `sms_unsubscribed: false`, `sms_opt_in: true` |
 * | sms failed (permanent: invalid, landline)   | `sms_opt_in: false` (opt in again to resume) |
 * | whatsapp unsubscribed / failed (permanent)  | `whatsapp_opt_in: false`                     |
 * Everything else (delivered, opened, clicked, shown, soft bounces, …) changes nothing.
 */
import type { Channel } from "../../journey/schema/channels.ts";
import { reachableFromTraits } from "../../journey/reachability.ts";
import type { Attributes } from "../../journey/types.ts";
import type { EngagementSignal } from "./signal.ts";

export interface ReachabilityPatch {
  channel: Channel;
  /** Traits to merge into the profile: only those whose value changes. */
  traits: Attributes;
  /** Whether the channel reaches the user once `traits` are merged. */
  reachable: boolean;
  /** For the trace and message log, e.g. "email bounced permanently: 550 mailbox unavailable". */
  reason: string;
}

function wanted(signal: EngagementSignal): Attributes | null {
  const { channel, type } = signal;
  if (channel === "email") {
    if (type === "bounced") return signal.permanent === true ? { email_bounced: true } : null;
    if (type === "complained" || type === "unsubscribed") return { email_unsubscribed: true };
    if (type === "resubscribed") return { email_unsubscribed: false, email_bounced: false };
  }
  if (channel === "sms") {
    if (type === "unsubscribed") return { sms_unsubscribed: true };
    if (type === "resubscribed") return { sms_unsubscribed: false, sms_opt_in: true };
    if (type === "failed") return signal.permanent === true ? { sms_opt_in: false } : null;
  }
  if (channel === "whatsapp") {
    if (type === "unsubscribed" || (type === "failed" && signal.permanent === true)) return { whatsapp_opt_in: false };
  }
  return null;
}

function sameFlag(current: unknown, next: unknown): boolean {
  if (typeof next !== "boolean") return current === next;
  const asBool = typeof current === "string" ? current.trim().toLowerCase() === "true" : current === true;
  // An absent flag already reads as false.
  return asBool === next;
}

function describe(signal: EngagementSignal): string {
  const what = signal.type === "bounced" || signal.type === "failed" ? `${signal.type}${signal.permanent === true ? " permanently" : ""}` : signal.type;
  return `${signal.channel} ${what}${signal.reason !== undefined ? `: ${signal.reason}` : ""} (${signal.source})`;
}

/**
 * The profile change `signal` implies given the current `traits`, or null when it changes
 * nothing (not a reachability signal, or the traits already say so).
 * @example reachabilityPatch({ channel: "email", type: "bounced", permanent: true, … }, { email: "a@x.io" })
 *   // { channel: "email", traits: { email_bounced: true }, reachable: false, reason: "email bounced permanently: … (postmark)" }
 */
export function reachabilityPatch(signal: EngagementSignal, traits: Readonly<Attributes>): ReachabilityPatch | null {
  const target = wanted(signal);
  if (target === null) return null;
  const changed: Attributes = {};
  for (const [key, value] of Object.entries(target)) {
    if (!sameFlag(traits[key], value)) changed[key] = value;
  }
  if (Object.keys(changed).length === 0) return null;
  return { channel: signal.channel, traits: changed, reachable: reachableFromTraits({ ...traits, ...changed }, signal.channel), reason: describe(signal) };
}
