/**
 * sdk/push/subscription.ts `sync`: the subscription reaches `POST /v1/push/subscriptions` with the
 * caller's ids and, once `identify` was given one, the userHash — the SDK's only way of removing a
 * subscription on the server is this call's `oldEndpoint`, so with identity verification on it
 * must be verified too (docs/identity.md).
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, expect, test, vi } from "vitest";
import { Client } from "../../sdk/client.ts";
import type { PushSubscriptionBody } from "../../sdk/protocol.ts";
import { sync } from "../../sdk/push/subscription.ts";
import { fakeApi, type FakeApi } from "./helpers/fake-api.ts";

let api: FakeApi;

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory());
  localStorage.clear();
  api = fakeApi();
});

/** A browser PushSubscription for `endpoint`. */
function pushSubscription(endpoint: string): PushSubscription {
  const keys = { p256dh: "BPk", auth: "AAE" };
  return {
    endpoint,
    expirationTime: null,
    options: { applicationServerKey: null, userVisibleOnly: true },
    getKey: () => null,
    toJSON: () => ({ endpoint, expirationTime: null, keys }),
    unsubscribe: async () => true,
  };
}

test("a subscription that replaces an earlier one is sent with the user's userHash and the old endpoint", async () => {
  const c = new Client({ writeKey: "wk_test", apiHost: "https://api.test", inApp: false, trackPages: false }, "https://cdn.test/sdk/nudge.js");
  await c.identify("u_42", {}, { userHash: "hash-42" });
  await sync(c, pushSubscription("https://push.test/old"));
  await sync(c, pushSubscription("https://push.test/new"));

  const sent = api.bodies<PushSubscriptionBody>("/v1/push/subscriptions");
  expect(sent).toHaveLength(2);
  expect(sent[1]).toMatchObject({ writeKey: "wk_test", userId: "u_42", userHash: "hash-42", oldEndpoint: "https://push.test/old", subscription: { endpoint: "https://push.test/new" } });
  expect(sent[0]).toMatchObject({ userId: "u_42", userHash: "hash-42", subscription: { endpoint: "https://push.test/old" } });
});
