/**
 * Browser push subscriptions: stored through POST /v1/push/subscriptions (the SDK's body), checked
 * field by field, deleted by the browser or by the push service's 410 — after which web push no
 * longer reaches the user. The VAPID public key comes from the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscriber } from "../channels/web-crypto-helpers.ts";
import { call, WRITE_KEY } from "../routes/api.ts";
import { testChannelSettings, type TestKeys } from "./channel-settings.ts";
import { event, messages, newUser, profile, publishJourney, put, resetUserObjectDeps, trace, world } from "./helpers.ts";

type ErrorBody = { error: { code: string; path?: string } };
let keys: TestKeys;

beforeAll(async () => {
  const { settings, keys: k } = await testChannelSettings();
  keys = k;
  await put("/settings/channels", settings);
  await put("/templates/ping-push", { channel: "web_push", title: "Ping", body: "Hello" });
  await publishJourney({
    id: "ping", name: "Ping", trigger: { type: "event", event: "Ping" }, entry: { reentry: "always" }, start: "push_ok",
    nodes: {
      push_ok: { type: "is_reachable", channel: "web_push", yes: "push", no: "end" },
      push: { type: "send", channel: "web_push", template: "ping-push", next: "end" },
      end: { type: "end" },
    },
  });
});
afterAll(() => resetUserObjectDeps());

async function subscribeBody(userId: string, endpoint: string) {
  const browser = await subscriber();
  return { writeKey: WRITE_KEY, userId, subscription: { endpoint, expirationTime: null, keys: { p256dh: browser.p256dh, auth: browser.auth } } };
}

describe("POST /v1/push/subscriptions", () => {
  it("stores the subscription (201), refreshes it (200), and the VAPID key is the workspace's", async () => {
    world("2026-10-05T09:00:00Z");
    const user = newUser("sub");
    const body = await subscribeBody(user, `https://push.test/sub/${user}`);
    expect((await call("POST", "/v1/push/subscriptions", { body })).status).toBe(201);
    expect((await call("POST", "/v1/push/subscriptions", { body })).status).toBe(200);
    const key = await call<{ publicKey: string }>("GET", `/v1/push/vapid-public-key?writeKey=${WRITE_KEY}`);
    expect(key.body.publicKey).toBe(keys.vapid.publicKey);
  });

  it.each([
    ["a p256dh that is not a P-256 point", { p256dh: "AAAA" }, "subscription.keys.p256dh"],
    ["an auth secret of the wrong size", { auth: "AAAA" }, "subscription.keys.auth"],
    ["an endpoint that is not a URL", { endpoint: "not a url" }, "subscription.endpoint"],
  ])("refuses %s with 400 naming the field", async (_, change, path) => {
    const body = await subscribeBody(newUser("bad"), "https://push.test/sub/bad");
    const { endpoint, ...keysChange } = { endpoint: undefined, ...change };
    const subscription = { ...body.subscription, ...(endpoint === undefined ? {} : { endpoint }), keys: { ...body.subscription.keys, ...keysChange } };
    const res = await call<ErrorBody>("POST", "/v1/push/subscriptions", { body: { ...body, subscription } });
    expect(res.status).toBe(400);
    expect(res.body.error.path).toBe(path);
  });

  it("needs a user (or the old endpoint of one) and the write key", async () => {
    const body = await subscribeBody("x", "https://push.test/sub/nobody");
    const { userId: _drop, ...anonymous } = body;
    expect((await call<ErrorBody>("POST", "/v1/push/subscriptions", { body: anonymous })).body.error.path).toBe("userId");
    const { writeKey: _key, ...unsigned } = body;
    expect((await call("POST", "/v1/push/subscriptions", { body: unsigned })).status).toBe(401);
  });
});

describe("a dead subscription", () => {
  it("a 410 from the push service deletes it and web push stops reaching the user", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("gone");
    const endpoint = `https://push.test/sub/${user}`;
    await call("POST", "/v1/push/subscriptions", { body: await subscribeBody(user, endpoint) });
    w.providers.pushStatus.set(new URL(endpoint).pathname, 410);
    await event("/track", { userId: user, event: "Ping" });
    expect(w.providers.to("push.test")).toHaveLength(1);
    expect((await messages(user)).map((m) => [m.status, m.reason])).toEqual([["failed", "unreachable: web_push 410"]]);
    expect((await profile(user))?.unreachable["web_push"]).toBe("web_push 410");
    expect((await trace(user)).some((t) => t.reason.startsWith("web push subscription removed"))).toBe(true);

    await event("/track", { userId: user, event: "Ping" });
    expect(w.providers.to("push.test")).toHaveLength(1); // not tried again
    expect((await trace(user)).filter((t) => t.node === "push_ok" && t.kind === "branch").map((t) => t.branch)).toEqual(["yes", "no"]);

    // Subscribing again makes the user reachable again.
    w.providers.pushStatus.clear();
    await call("POST", "/v1/push/subscriptions", { body: await subscribeBody(user, `${endpoint}-2`) });
    expect((await profile(user))?.unreachable["web_push"]).toBeUndefined();
    await event("/track", { userId: user, event: "Ping" });
    expect(w.providers.to("push.test").map((r) => r.url.href)).toEqual([endpoint, `${endpoint}-2`]);
  });

  it("DELETE /v1/push/subscriptions removes it: no push is sent", async () => {
    const w = world("2026-10-05T09:00:00Z");
    const user = newUser("deleted");
    const endpoint = `https://push.test/sub/${user}`;
    await call("POST", "/v1/push/subscriptions", { body: await subscribeBody(user, endpoint) });
    const res = await call<{ removed: boolean }>("DELETE", "/v1/push/subscriptions", { body: { writeKey: WRITE_KEY, userId: user, endpoint } });
    expect(res.body.removed).toBe(true);
    await event("/track", { userId: user, event: "Ping" });
    expect(w.providers.to("push.test")).toHaveLength(0);
  });
});

describe("a visitor who subscribed, then identified", () => {
  it.each([
    ["the anonymousId", (anonymousId: string) => ({ anonymousId })],
    ["only the endpoint", () => ({})],
  ])("DELETE naming %s removes the subscription the known user took over: no push is sent", async (_, ids) => {
    const w = world("2026-10-05T09:00:00Z");
    const anon = newUser("visitor");
    const user = newUser("identified");
    const endpoint = `https://push.test/sub/${anon}`;
    const { userId: _none, ...subscribe } = await subscribeBody(user, endpoint);
    expect((await call("POST", "/v1/push/subscriptions", { body: { ...subscribe, anonymousId: anon } })).status).toBe(201);
    await event("/identify", { userId: user, anonymousId: anon }); // merges the visitor into the known user
    expect((await profile(user))?.reachable.web_push, "push followed the merge").toBe(true);

    const res = await call<{ removed: boolean; subscriptions: number }>("DELETE", "/v1/push/subscriptions", { body: { writeKey: WRITE_KEY, endpoint, ...ids(anon) } });
    expect(res.body, "DELETE").toMatchObject({ removed: true, subscriptions: 0 });
    expect((await profile(user))?.reachable.web_push).toBe(false);
    await event("/track", { userId: user, event: "Ping" });
    expect(w.providers.to("push.test")).toHaveLength(0);
  });
});
