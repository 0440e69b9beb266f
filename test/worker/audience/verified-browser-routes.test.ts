/**
 * Identity verification on the browser routes outside the event API: `POST` and `DELETE
 * /v1/push/subscriptions` and `POST /v1/messages/{id}/events`. With it on, a write-key call naming
 * a userId needs userHash = hex HMAC-SHA256(userId, secret) or it is refused with 401 naming
 * `userHash`; visitors (anonymousId only) and verification off are accepted as before.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { computeUserHash } from "../../../worker/identity/user-hash.ts";
import { subscriber } from "../channels/web-crypto-helpers.ts";
import { admin, call, SECRET_KEY, send, WRITE_KEY } from "../routes/api.ts";
import { unique, WORKSPACE } from "./helpers.ts";

const SECRET = "identity-secret-for-route-tests-42";
const OTHER_SECRET = "not-the-workspace-secret-0123456";

type ErrorBody = { error: { code: string; path?: string; message: string } };

afterEach(async () => {
  await admin("PUT", "/settings/identity", { enabled: false });
});

async function verificationOn(): Promise<void> {
  expect((await admin("PUT", "/settings/identity", { enabled: true, secret: SECRET })).status).toBe(200);
}

/** What the SDK posts after `pushManager.subscribe()` for `ids`. */
async function subscription(ids: Record<string, string>) {
  const browser = await subscriber();
  const endpoint = `https://push.test/sub/${unique("ep")}`;
  return { writeKey: WRITE_KEY, ...ids, subscription: { endpoint, expirationTime: null, keys: { p256dh: browser.p256dh, auth: browser.auth } } };
}

const subscribe = async (ids: Record<string, string>) => call<ErrorBody & { created: boolean }>("POST", "/v1/push/subscriptions", { body: await subscription(ids) });

/** A user with one stored push subscription (made while verification is off), and its endpoint. */
async function subscribedUser(): Promise<{ userId: string; endpoint: string }> {
  const userId = unique("u");
  const body = await subscription({ userId });
  expect((await call("POST", "/v1/push/subscriptions", { body })).status).toBe(201);
  return { userId, endpoint: body.subscription.endpoint };
}

/** What a browser sends to remove the subscription of `endpoint`, with the caller fields given. */
const unsubscribe = (endpoint: string, fields: Record<string, string>, auth?: `bearer:${string}`) =>
  call<ErrorBody & { removed: boolean; subscriptions: number }>("DELETE", "/v1/push/subscriptions", {
    body: { ...(auth === undefined ? { writeKey: WRITE_KEY } : {}), endpoint, ...fields },
    ...(auth === undefined ? {} : { auth }),
  });

/** Whether web push reaches the user, as the admin API shows it (the stored subscriptions decide). */
const pushReachable = async (userId: string) => (await admin<{ reachable: Record<string, boolean> }>("GET", `/users/${userId}`)).body.reachable["web_push"];

/** A report of `type` on message `id` from the browser, with the caller fields given. */
const report = (id: string, fields: Record<string, string>) =>
  call<ErrorBody & { applied: number }>("POST", `/v1/messages/${encodeURIComponent(id)}/events`, { body: { writeKey: WRITE_KEY, type: "shown", channel: "in_app", ...fields } });

/** A known user with a profile, created by a server call (secret key: exempt from verification). */
async function knownUser(): Promise<string> {
  const userId = unique("u");
  expect((await call("POST", "/v1/identify", { auth: `bearer:${SECRET_KEY}`, body: { userId, traits: {} } })).status).toBe(200);
  return userId;
}

describe("POST /v1/push/subscriptions, identity verification on", () => {
  it.each([
    ["without userHash", undefined, "has no userHash"],
    ["with a userHash made with another secret", OTHER_SECRET, "does not match"],
  ])("refuses an identified browser %s with 401 naming userHash, and stores nothing", async (_, secret, says) => {
    await verificationOn();
    const userId = unique("u");
    const ids: Record<string, string> = secret === undefined ? { userId } : { userId, userHash: await computeUserHash(userId, secret) };
    const refused = await subscribe(ids);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: "identity_not_verified", path: "userHash", message: expect.stringContaining(says) });
    expect((await admin("GET", `/users/${userId}`)).status).toBe(404);
  });

  it("accepts the valid userHash (any case), and a visitor with only an anonymousId", async () => {
    await verificationOn();
    const userId = unique("u");
    const hash = await computeUserHash(userId, SECRET);
    const saved = await subscribe({ userId, anonymousId: unique("a"), userHash: hash });
    expect([saved.status, saved.body.created]).toEqual([201, true]);
    expect((await subscribe({ userId, userHash: hash.toUpperCase() })).status).toBe(201);
    const profile = await admin<{ reachable: Record<string, boolean> }>("GET", `/users/${userId}`);
    expect(profile.body.reachable["web_push"]).toBe(true);
    expect((await subscribe({ anonymousId: unique("a") })).status).toBe(201);
  });

  it("the secret key (a server) is exempt", async () => {
    await verificationOn();
    const res = await call("POST", "/v1/push/subscriptions", { auth: `bearer:${SECRET_KEY}`, body: await subscription({ userId: unique("u") }) });
    expect(res.status).toBe(201);
  });
});

describe("DELETE /v1/push/subscriptions, identity verification on", () => {
  it.each([
    ["without userHash", () => undefined, "has no userHash"],
    ["with a userHash made with another secret", (userId: string) => computeUserHash(userId, OTHER_SECRET), "does not match"],
    ["with another user's valid userHash", () => computeUserHash("someone-else", SECRET), "does not match"],
  ])("refuses an identified browser %s with 401 naming userHash, and the subscription stays", async (_, hashOf, says) => {
    const { userId, endpoint } = await subscribedUser();
    await verificationOn();
    const hash = await hashOf(userId);
    const refused = await unsubscribe(endpoint, hash === undefined ? { userId } : { userId, userHash: hash });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: "identity_not_verified", path: "userHash", message: expect.stringContaining(says) } });
    expect(await pushReachable(userId)).toBe(true);
    // Still stored: the user's own verified call finds it and removes it.
    const own = await unsubscribe(endpoint, { userId, userHash: await computeUserHash(userId, SECRET) });
    expect([own.status, own.body.removed, own.body.subscriptions]).toEqual([200, true, 0]);
  });

  it("removes the subscription with the valid userHash: web push no longer reaches the user", async () => {
    const { userId, endpoint } = await subscribedUser();
    await verificationOn();
    const res = await unsubscribe(endpoint, { userId, userHash: await computeUserHash(userId, SECRET) });
    expect([res.status, res.body.removed, res.body.subscriptions]).toEqual([200, true, 0]);
    expect(await pushReachable(userId)).toBe(false);
  });

  it("a visitor (anonymousId only) and the secret key need no userHash", async () => {
    await verificationOn();
    const anonymousId = unique("a");
    const visitor = await subscription({ anonymousId });
    expect((await call("POST", "/v1/push/subscriptions", { body: visitor })).status).toBe(201);
    const byVisitor = await unsubscribe(visitor.subscription.endpoint, { anonymousId });
    expect([byVisitor.status, byVisitor.body.removed]).toEqual([200, true]);

    const userId = unique("u");
    const server = await subscription({ userId });
    expect((await call("POST", "/v1/push/subscriptions", { auth: `bearer:${SECRET_KEY}`, body: server })).status).toBe(201);
    const byServer = await unsubscribe(server.subscription.endpoint, { userId }, `bearer:${SECRET_KEY}`);
    expect([byServer.status, byServer.body.removed]).toEqual([200, true]);
  });
});

describe("POST /v1/messages/{id}/events, identity verification on", () => {
  it.each([
    ["without userHash", undefined],
    ["with a userHash made with another secret", OTHER_SECRET],
  ])("refuses an identified browser's report %s with 401 naming userHash", async (_, secret) => {
    const userId = await knownUser();
    await verificationOn();
    const fields: Record<string, string> = secret === undefined ? { userId } : { userId, userHash: await computeUserHash(userId, secret) };
    const refused = await report(unique("msg"), fields);
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: "identity_not_verified", path: "userHash" });
  });

  it("applies the report with the valid userHash, and a visitor's report without one", async () => {
    const userId = await knownUser();
    await verificationOn();
    const ok = await report(unique("msg"), { userId, userHash: await computeUserHash(userId, SECRET) });
    expect([ok.status, ok.body.applied]).toEqual([202, 1]);

    const anonymousId = unique("a");
    expect((await send("/track", { anonymousId, event: "Page Viewed" })).status).toBe(200);
    const objectId = env.USERS.idFromName(`${WORKSPACE}:anon:${anonymousId}`).toString();
    const visitor = await report(`${objectId}.1.${unique("msg")}`, { anonymousId });
    expect([visitor.status, visitor.body.applied]).toEqual([202, 1]);
  });
});

describe("identity verification off", () => {
  it("every route accepts an identified browser without userHash, as before", async () => {
    const userId = await knownUser();
    expect((await subscribe({ userId })).status).toBe(201);
    const res = await report(unique("msg"), { userId });
    expect([res.status, res.body.applied]).toEqual([202, 1]);
    const { userId: subscribed, endpoint } = await subscribedUser();
    const removed = await unsubscribe(endpoint, { userId: subscribed });
    expect([removed.status, removed.body.removed]).toEqual([200, true]);
    expect(await pushReachable(subscribed)).toBe(false);
  });
});
