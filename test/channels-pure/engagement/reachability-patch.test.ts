import { describe, expect, it } from "vitest";
import { reachabilityPatch } from "../../../worker/delivery/engagement/reachability-patch.ts";

const base = { at: Date.parse("2026-11-23T08:30:00Z"), id: "e1" };
const emailUser = { email: "ada@example.com" };
const smsUser = { phone: "+14155550100", sms_opt_in: true };
const waUser = { phone: "+14155550100", whatsapp_opt_in: true };

describe("reachabilityPatch", () => {
  it.each([
    {
      name: "hard bounce → email_bounced, unreachable",
      signal: { channel: "email", type: "bounced", permanent: true, reason: "550 5.1.1 unknown user", source: "postmark" },
      traits: emailUser,
      expected: { channel: "email", traits: { email_bounced: true }, reachable: false, reason: "email bounced permanently: 550 5.1.1 unknown user (postmark)" },
    },
    {
      name: "spam complaint → email_unsubscribed",
      signal: { channel: "email", type: "complained", source: "sendgrid" },
      traits: emailUser,
      expected: { channel: "email", traits: { email_unsubscribed: true }, reachable: false, reason: "email complained (sendgrid)" },
    },
    {
      name: "unsubscribe link → email_unsubscribed",
      signal: { channel: "email", type: "unsubscribed", source: "unsubscribe_link" },
      traits: emailUser,
      expected: { channel: "email", traits: { email_unsubscribed: true }, reachable: false, reason: "email unsubscribed (unsubscribe_link)" },
    },
    {
      name: "resubscribe clears both flags (the string \"true\" counts as set)",
      signal: { channel: "email", type: "resubscribed", source: "postmark" },
      traits: { ...emailUser, email_unsubscribed: "true", email_bounced: true },
      expected: { channel: "email", traits: { email_unsubscribed: false, email_bounced: false }, reachable: true, reason: "email resubscribed (postmark)" },
    },
    {
      name: "STOP → sms_unsubscribed",
      signal: { channel: "sms", type: "unsubscribed", source: "twilio" },
      traits: smsUser,
      expected: { channel: "sms", traits: { sms_unsubscribed: true }, reachable: false, reason: "sms unsubscribed (twilio)" },
    },
    {
      name: "START → opted in again",
      signal: { channel: "sms", type: "resubscribed", source: "twilio" },
      traits: { phone: "+14155550100", sms_unsubscribed: true },
      expected: { channel: "sms", traits: { sms_unsubscribed: false, sms_opt_in: true }, reachable: true, reason: "sms resubscribed (twilio)" },
    },
    {
      name: "a landline (permanent failure) → sms_opt_in false",
      signal: { channel: "sms", type: "failed", permanent: true, reason: "30006 landline or unreachable carrier", source: "twilio" },
      traits: smsUser,
      expected: { channel: "sms", traits: { sms_opt_in: false }, reachable: false, reason: "sms failed permanently: 30006 landline or unreachable carrier (twilio)" },
    },
    {
      name: "WhatsApp: the user stopped marketing messages",
      signal: { channel: "whatsapp", type: "unsubscribed", source: "whatsapp" },
      traits: waUser,
      expected: { channel: "whatsapp", traits: { whatsapp_opt_in: false }, reachable: false, reason: "whatsapp unsubscribed (whatsapp)" },
    },
  ] as const)("$name", ({ signal, traits, expected }) => {
    expect(reachabilityPatch({ ...base, ...signal }, traits)).toEqual(expected);
  });

  it.each([
    ["a soft bounce", { channel: "email", type: "bounced", permanent: false, source: "sendgrid" }, emailUser],
    ["an open", { channel: "email", type: "opened", source: "resend" }, emailUser],
    ["a transient SMS failure", { channel: "sms", type: "failed", permanent: false, source: "twilio" }, smsUser],
    ["a push click", { channel: "web_push", type: "clicked", source: "sdk" }, {}],
    ["a bounce already recorded", { channel: "email", type: "bounced", permanent: true, source: "resend" }, { ...emailUser, email_bounced: true }],
    ["a resubscribe of someone never unsubscribed", { channel: "email", type: "resubscribed", source: "postmark" }, emailUser],
  ] as const)("changes nothing for %s", (_name, signal, traits) => {
    expect(reachabilityPatch({ ...base, ...signal }, traits)).toBeNull();
  });
});
