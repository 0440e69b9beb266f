/**
 * The one rule that decides whether a `send` can go to its recipient, shared by the live runtime
 * (worker/user/delivery/unreachable-send.ts, before any provider is asked) and `simulate()` (each
 * message's status), so a simulation shows what live does, with the same reason. Pure.
 *
 * - A send with `to` on email, SMS or WhatsApp goes to another person's address (a parent's
 *   phone): it needs that trait to hold an address, and the user's own opt-outs do not apply.
 *   On the other channels `to` names nothing (contact.ts `recipientsFor`): the send is the user's.
 * - A transactional send (a receipt, a reminder the user asked for) needs an address on the
 *   channel. An unsubscribe, STOP, a missing opt-in or a stale session does not stop it.
 * - Every other send needs the channel to reach the user: an address and their consent.
 */
import { isEmailAddress, presentAddress, type ChannelReach } from "./reachability.ts";
import type { Channel } from "./schema/channels.ts";
import type { Attributes } from "./types.ts";

/** The parts of a `send` effect the gate reads. */
export interface GatedSend {
  channel: Channel;
  transactional?: boolean | undefined;
  /** Trait holding another person's address (email, sms, whatsapp only). */
  to?: string | undefined;
}

/** Channels on which `to` names a trait holding the address to use. */
const ADDRESSED_BY_TRAIT: ReadonlySet<Channel> = new Set(["email", "sms", "whatsapp"]);

/**
 * Why `send` cannot go — "unreachable: <channel>: <cause>", the reason logged with status
 * `suppressed` — or null when it can. `reach` is the channel's reachability for the user (their
 * own address and consent); `traits` hold the `to` address.
 * @example sendGate({ channel: "email", transactional: true }, reachFromTraits({ email: "a@b.co", email_unsubscribed: true }, "email"), traits) // null: a receipt still goes
 * @example sendGate({ channel: "email" }, reachFromTraits({ email: "a@b.co", email_unsubscribed: true }, "email"), traits) // "unreachable: email: unsubscribed (email_unsubscribed)"
 * @example sendGate({ channel: "email", transactional: true }, reachFromTraits({}, "email"), {}) // "unreachable: email: no email address"
 */
export function sendGate(send: GatedSend, reach: ChannelReach, traits: Readonly<Attributes>): string | null {
  if (send.to !== undefined && ADDRESSED_BY_TRAIT.has(send.channel)) return otherAddress(send.channel, send.to, traits[send.to]);
  const allowed = send.transactional === true ? reach.addressed : reach.reachable;
  return allowed ? null : `unreachable: ${reach.reason}`;
}

function otherAddress(channel: Channel, to: string, value: unknown): string | null {
  if (channel === "email") {
    if (!presentAddress(value)) return `unreachable: email: no email address in ${to}`;
    return isEmailAddress(value) ? null : `unreachable: email: ${to} is not a valid email address`;
  }
  return presentAddress(value) ? null : `unreachable: ${channel}: no phone number in ${to}`;
}
