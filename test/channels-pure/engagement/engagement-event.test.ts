import { describe, expect, it } from "vitest";
import { clientSignal } from "../../../worker/delivery/engagement/client-signal.ts";
import { engagementEvent, engagementEventName } from "../../../worker/delivery/engagement/engagement-event.ts";
import { SIGNAL_TYPES, type EngagementSignal } from "../../../worker/delivery/engagement/signal.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";

const at = Date.parse("2026-11-23T08:30:00Z");

describe("engagementEventName", () => {
  it.each([
    ["email", "delivered", "Email Delivered"],
    ["email", "opened", "Email Opened"],
    ["email", "clicked", "Email Clicked"],
    ["email", "bounced", "Email Bounced"],
    ["email", "complained", "Email Marked as Spam"],
    ["email", "unsubscribed", "Email Unsubscribed"],
    ["sms", "delivered", "SMS Delivered"],
    ["sms", "failed", "SMS Failed"],
    ["whatsapp", "read", "WhatsApp Read"],
    ["web_push", "clicked", "Push Clicked"],
    ["mobile_push", "dismissed", "Push Dismissed"],
    ["in_app", "clicked", "In-App Clicked"],
    ["in_app", "dismissed", "In-App Dismissed"],
    ["web_overlay", "shown", "In-App Shown"],
  ] as const)("%s %s → %s", (channel, type, name) => {
    expect(engagementEventName(channel, type)).toBe(name);
  });

  it("gives every channel's signals distinct names", () => {
    const names = new Set<string>();
    for (const channel of Object.keys(SIGNAL_TYPES) as Channel[]) {
      for (const type of SIGNAL_TYPES[channel]) names.add(`${channel}/${engagementEventName(channel, type)}`);
    }
    const perName = new Map<string, string[]>();
    for (const entry of names) {
      const [channel = "", name = ""] = entry.split("/");
      perName.set(name, [...(perName.get(name) ?? []), channel]);
    }
    // Only web and mobile push ("Push Clicked") and in-app and overlay ("In-App Shown") share
    // names: the channel property tells them apart.
    const shared = [...perName.entries()].filter(([, channels]) => channels.length > 1);
    expect(shared.map(([, channels]) => channels.join()).sort()).toEqual([
      ...Array<string>(3).fill("in_app,web_overlay"),
      ...Array<string>(3).fill("web_push,mobile_push"),
    ]);
  });
});

describe("engagementEvent", () => {
  const signal: EngagementSignal = {
    channel: "email", type: "clicked", at, source: "postmark", id: "postmark:click:abc",
    messageKey: "cart:4:2", userId: "u1", url: "https://shop.test/cart",
  };

  it("carries the journey, version, node, template and message key so journeys can wait for it", () => {
    expect(engagementEvent(signal, { journey: "cart-abandonment", version: 3, node: "email", template: "cart-email" })).toEqual({
      name: "Email Clicked",
      at,
      id: "postmark:click:abc",
      properties: {
        channel: "email", journey: "cart-abandonment", version: 3, node: "email", template: "cart-email",
        messageKey: "cart:4:2", provider: "postmark", url: "https://shop.test/cart",
      },
    });
  });

  it("still names the channel when the message is unknown, with the bounce's reason", () => {
    const bounce: EngagementSignal = { channel: "email", type: "bounced", at, source: "resend", id: "msg_1", permanent: true, reason: "550 no such user" };
    expect(engagementEvent(bounce)).toEqual({
      name: "Email Bounced", at, id: "msg_1",
      properties: { channel: "email", provider: "resend", reason: "550 no such user", permanent: true },
    });
  });
});

describe("clientSignal", () => {
  it("builds an SDK signal whose id dedupes a repeated report", () => {
    expect(clientSignal({ channel: "web_push", type: "clicked", messageKey: "k1", userId: "u1", at, url: "/cart" })).toEqual({
      ok: true,
      signal: { channel: "web_push", type: "clicked", at, source: "sdk", id: "k1:clicked", messageKey: "k1", userId: "u1", url: "/cart" },
    });
  });

  it.each([
    ["web_push", "dismissed"],
    ["web_push", "closed"],
    ["mobile_push", "closed"],
    ["web_overlay", "dismissed"],
  ] as const)("%s %s is a dismissal, counted once", (channel, type) => {
    const result = clientSignal({ channel, type, messageKey: "k", at });
    expect(result.ok && [result.signal.type, result.signal.id]).toEqual(["dismissed", "k:dismissed"]);
  });

  it.each([
    [{ channel: "in_app", type: "closed" }, "type", "expected one of shown, clicked, dismissed for in_app"],
    [{ channel: "email", type: "opened" }, "channel", "email engagement comes from its provider's webhook"],
  ] as const)("rejects %j naming the field", (input, field, message) => {
    const result = clientSignal({ ...input, messageKey: "k", at });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.field).toBe(field);
    expect(!result.ok && result.message).toContain(message);
  });
});
