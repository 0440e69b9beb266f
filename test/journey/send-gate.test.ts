/**
 * The send gate (worker/journey/send-gate.ts): the one rule live (worker/user/delivery/
 * unreachable-send.ts) and simulate() apply to every send. A marketing send needs the user's
 * consent, a transactional one only an address, a send with `to` only the other person's address.
 */
import { describe, expect, it } from "vitest";
import { reachFromTraits } from "../../worker/journey/reachability.ts";
import type { Channel } from "../../worker/journey/schema/channels.ts";
import { sendGate, type GatedSend } from "../../worker/journey/send-gate.ts";

const now = Date.parse("2024-06-30T12:00:00Z");
const gate = (send: GatedSend, traits: Record<string, unknown>): string | null => sendGate(send, reachFromTraits(traits, send.channel, now), traits);
const marketing = (channel: Channel, to?: string): GatedSend => ({ channel, transactional: false, to });
const transactional = (channel: Channel): GatedSend => ({ channel, transactional: true });

const ada = "ada@example.com";
const phone = "+14155550100";

describe("sendGate", () => {
  it.each<[string, GatedSend, Record<string, unknown>, string | null]>([
    ["marketing e-mail to a subscribed address goes", marketing("email"), { email: ada }, null],
    ["marketing e-mail after an unsubscribe is stopped", marketing("email"), { email: ada, email_unsubscribed: true }, "unreachable: email: unsubscribed (email_unsubscribed)"],
    ["a transactional receipt after an unsubscribe goes", transactional("email"), { email: ada, email_unsubscribed: true }, null],
    ["a transactional receipt to a bounced address goes (the provider answers)", transactional("email"), { email: ada, email_bounced: true }, null],
    ["a transactional receipt with no address cannot go", transactional("email"), {}, "unreachable: email: no email address"],
    ["a transactional receipt to an invalid address cannot go", transactional("email"), { email: "ada" }, "unreachable: email: the email trait is not a valid address"],
    ["marketing SMS after STOP names STOP", marketing("sms"), { phone, sms_opt_in: true, sms_unsubscribed: true }, "unreachable: sms: opted out with STOP (sms_unsubscribed)"],
    ["marketing SMS without opt-in names the opt-in", marketing("sms"), { phone }, "unreachable: sms: no SMS opt-in (sms_opt_in)"],
    ["a transactional SMS after STOP goes", transactional("sms"), { phone, sms_unsubscribed: true }, null],
    ["a transactional SMS without a phone cannot go", transactional("sms"), {}, "unreachable: sms: no phone number"],
    ["a transactional WhatsApp without opt-in goes", transactional("whatsapp"), { phone }, null],
    ["a transactional web push without a subscription cannot go", transactional("web_push"), {}, "unreachable: web_push: no web push subscription"],
    ["a transactional in-app message waits in the inbox of a user not seen lately", transactional("in_app"), {}, null],
    ["a marketing in-app message needs a recent session", marketing("in_app"), {}, "unreachable: in_app: not seen in the last 30 days (no SDK session or last_seen)"],
    ["an SMS to another number ignores the user's own opt-outs", marketing("sms", "parent_phone"), { phone, sms_unsubscribed: true, parent_phone: "+14155550199" }, null],
    ["an SMS to another number needs that number", marketing("sms", "parent_phone"), { phone, sms_opt_in: true }, "unreachable: sms: no phone number in parent_phone"],
    ["an e-mail to another address needs a valid one", marketing("email", "work_email"), { work_email: "ada" }, "unreachable: email: work_email is not a valid email address"],
    ["an e-mail to another address that is missing", marketing("email", "work_email"), { email: ada }, "unreachable: email: no email address in work_email"],
    ["`to` names nothing on web push: the user's own reachability decides", marketing("web_push", "other"), { other: "x" }, "unreachable: web_push: no web push subscription"],
  ])("%s", (_name, send, traits, expected) => {
    expect(gate(send, traits)).toBe(expected);
  });
});
