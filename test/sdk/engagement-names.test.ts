/**
 * The browser and the worker must name engagement the same way: journeys `wait_for_event` on
 * "Push Clicked" or "In-App Dismissed" whichever side produced it. This test fails as soon as the
 * SDK's tables (sdk/engagement-events.ts, used by the service worker and the in-app chunk) or
 * what they actually track drift from the worker's vocabulary (worker/delivery/engagement).
 */
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { IN_APP_EVENTS, PUSH_EVENTS } from "../../sdk/engagement-events.ts";
import { Scheduler } from "../../sdk/inapp/scheduler.ts";
import type { MessageFrame } from "../../sdk/protocol.ts";
import { pushEvent } from "../../sdk/sw/notification.ts";
import { clientSignal } from "../../worker/delivery/engagement/client-signal.ts";
import { engagementEventName } from "../../worker/delivery/engagement/engagement-event.ts";
import { SIGNAL_TYPES } from "../../worker/delivery/engagement/signal.ts";
import { fakeApi, type FakeApi } from "./helpers/fake-api.ts";
import { stubHost, type StubHost } from "./helpers/stub-host.ts";

const at = "2026-05-01T10:00:00.000Z";

describe.each([
  ["web_push", PUSH_EVENTS],
  ["mobile_push", PUSH_EVENTS],
  ["in_app", IN_APP_EVENTS],
  ["web_overlay", IN_APP_EVENTS],
] as const)("%s: the SDK's names are the worker's", (channel, table) => {
  test("the same moments", () => {
    expect(Object.keys(table).sort()).toEqual([...SIGNAL_TYPES[channel]].sort());
  });

  test.each(SIGNAL_TYPES[channel].map((type) => [type]))("%s", (type) => {
    expect(table[type]).toBe(engagementEventName(channel, type));
    // The status the browser reports for the moment is one the worker accepts.
    expect(clientSignal({ channel, type, messageKey: "k", at: 0 }).ok).toBe(true);
  });
});

test.each(["shown", "clicked", "dismissed"] as const)("the service worker tracks push %s under the worker's name", (moment) => {
  const event = pushEvent({ type: "push", id: "m1", title: "Hi", user: { userId: "u1" } }, moment, at, moment == "clicked" ? "buy" : undefined);
  expect(event).toMatchObject({ type: "track", event: engagementEventName("web_push", moment), messageId: `m1:${moment}`, userId: "u1", properties: { messageId: "m1", channel: "web_push" } });
});

test("the service worker tracks nothing for a payload that names no user", () => {
  expect(pushEvent({ type: "push", id: "m1", title: "Hi" }, "shown", at)).toBeUndefined();
});

describe("the in-app chunk", () => {
  let host: StubHost;
  let api: FakeApi;
  const root = () => document.querySelector("nudge-overlay")?.shadowRoot;
  const flush = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };

  beforeAll(() => import("../../overlays/index.ts"));
  beforeEach(() => {
    localStorage.clear();
    host = stubHost();
    api = fakeApi();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  test.each(["in_app", "web_overlay"] as const)("tracks a %s message's moments under the worker's names, with its channel", async (channel) => {
    const m: MessageFrame = { type: "message", id: `m-${channel}`, channel, layout: "modal", title: "Hello" };
    new Scheduler(host).add(m);
    await flush();
    root()?.querySelector<HTMLElement>(".x")?.click();
    await flush();
    expect(host.tracked.map((t) => [t.event, t.properties.channel])).toEqual([
      [engagementEventName(channel, "shown"), channel],
      [engagementEventName(channel, "dismissed"), channel],
    ]);
    const reported = api.bodies<{ type: string; channel: typeof channel }>(`/v1/messages/m-${channel}/events`);
    expect(reported.map((b) => clientSignal({ channel: b.channel, type: b.type, messageKey: m.id, at: 0 }).ok)).toEqual([true, true]);
  });
});
