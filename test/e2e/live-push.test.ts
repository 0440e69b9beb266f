/**
 * Web push against the real Worker (the shared `wrangler dev`), from the demo shop it serves, in
 * a persistent Chromium profile: push.optIn() stores a real subscription (Chromium registered
 * with a fake push registration service) through POST /v1/push/subscriptions and the user
 * becomes web push reachable; a journey's push is sent by the Worker's web push adapter (VAPID,
 * RFC 8291) to a local push service, and the exact payload it encrypted is delivered to the
 * service worker through CDP (standing in for the push service's connection to the browser); the
 * notification shows (fake D-Bus notification daemon), and shown and clicked reach the server.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { jwtParts, verifyEs256 } from "../channels-pure/channels/helpers/keys.ts";
import { collectErrors, launchPersistent, sdkLoaded, withNudge } from "./support/browser.ts";
import { until } from "./support/fake-nudge.ts";
import { startFakeGcm, type FakeGcm } from "./support/fake-gcm.ts";
import { startFakeNotify, type FakeNotify } from "./support/fake-notify.ts";
import { startFakePushService, type FakePushService } from "./support/push-service.ts";
import { admin, workerOrigin, type Admin } from "./support/real-worker.ts";

let origin: string;
let api: Admin;
let gcm: FakeGcm;
let notify: FakeNotify;
let pushService: FakePushService;
let context: BrowserContext;
let closeContext: () => Promise<void>;
let page: Page;
let errors: string[];
const userId = `live-push-${Date.now()}`;

beforeAll(async () => {
  origin = workerOrigin();
  api = admin(origin);
  await api.putTemplate("e2e-push", {
    channel: "web_push",
    title: "Back in stock",
    body: "The trail shoes are back, {{ user.first_name | default: 'friend' }}.",
    url: "/shop/?product=p-42",
    actions: [{ action: "buy", title: "Buy now", url: "/shop/?view=cart" }],
  });
  await api.publish({
    id: "e2e-push",
    name: "e2e: back-in-stock push, waits for shown and clicked",
    trigger: { type: "event", event: "E2E Back In Stock" },
    start: "push",
    nodes: {
      push: { type: "send", channel: "web_push", template: "e2e-push", next: "wait_shown" },
      wait_shown: { type: "wait_for_event", event: "Push Shown", timeout: "1h", next: "shown", timeout_next: "end" },
      shown: { type: "update_attribute", attribute: "push_shown", set: true, next: "wait_click" },
      wait_click: { type: "wait_for_event", event: "Push Clicked", timeout: "1h", next: "clicked", timeout_next: "end" },
      clicked: { type: "update_attribute", attribute: "push_clicked", set: true, next: "end" },
      end: { type: "end" },
    },
  });
  [gcm, notify, pushService] = await Promise.all([startFakeGcm(), startFakeNotify(), startFakePushService()]);
  ({ context, close: closeContext } = await launchPersistent(gcm.args, notify.env));
  page = context.pages()[0] ?? (await context.newPage());
  errors = collectErrors(page);
});
afterAll(async () => {
  await closeContext?.();
  notify?.close();
  await Promise.all([gcm?.close(), pushService?.close()]);
});

const traced = async (text: string): Promise<boolean> => (await api.trace(userId)).some((t) => t.reason.includes(text));

test("opting in from the shop stores the subscription at the Worker: the user becomes web push reachable", async () => {
  await page.goto(`${origin}/shop/?view=account`);
  await sdkLoaded(page);
  await page.fill("#user-id", userId);
  await page.click("#login");
  await page.locator("text=Signed in as").waitFor();
  const before = await until("the profile", () => api.user(userId));
  expect(before.reachable?.web_push).toBe(false);

  const saved = page.waitForResponse((r) => r.url() == `${origin}/v1/push/subscriptions`);
  await page.click("#push");
  await page.locator("nudge-overlay .card[role=alertdialog]").waitFor();
  // Headless Chromium denies a real prompt at once: the user's "yes" is the grant.
  await context.grantPermissions(["notifications"], { origin });
  await page.locator("nudge-overlay #btn-allow").click();
  await page.locator("#status", { hasText: "Notifications: granted" }).waitFor();

  const answer = await saved;
  expect(answer.status()).toBe(201);
  expect(await answer.json()).toMatchObject({ success: true, created: true, subscriptions: 1 });
  const sent = JSON.parse(answer.request().postData() ?? "{}");
  expect(sent).toMatchObject({ writeKey: "wk_dev", userId, subscription: { expirationTime: null } });
  expect(gcm.tokens.filter((t) => String(sent.subscription.endpoint).endsWith(t))).toHaveLength(1);
  // The key it subscribed with is the workspace's (a development pair, made on first use).
  const { publicKey } = await (await fetch(`${origin}/v1/push/vapid-public-key?writeKey=wk_dev`)).json();
  expect(await page.evaluate(async () => {
    const sub = await (await navigator.serviceWorker.getRegistration("/sdk/"))?.pushManager.getSubscription();
    const key = sub?.options.applicationServerKey;
    return key ? btoa(String.fromCharCode(...new Uint8Array(key))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") : null;
  })).toBe(publicKey);

  const after = await until("web push reachable", async () => {
    const p = await api.user(userId);
    return p?.reachable?.web_push === true && p;
  });
  expect(after.traits).toMatchObject({ first_name: userId });
  expect(await traced("web push subscription added: https://jmt17.google.com")).toBe(true);
  expect(errors).toEqual([]);
});

/** Where Chromium's push registration lives (the SDK registers its service worker under /sdk/). */
async function swRegistration(): Promise<{ deliver(data: string): Promise<void> }> {
  const cdp = await context.newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL == `${origin}/sdk/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
    void cdp.send("ServiceWorker.enable");
  });
  return { deliver: async (data) => void (await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId, data })) };
}

/**
 * Adds an observer subscription for `caller`, tracks the journey's trigger, and returns the push
 * requests the Worker made for it (Chromium's and the observer's) with the observer's plaintext.
 */
async function journeyPush(name: string, caller: { userId: string } | { anonymousId: string }) {
  const observer = await fetch(`${origin}/v1/push/subscriptions`, { method: "POST", body: JSON.stringify({ writeKey: "wk_dev", ...caller, subscription: pushService.observer(name) }) });
  expect(observer.status).toBe(201);
  const before = pushService.requests.length;
  await withNudge(page, `await n.track("E2E Back In Stock", { sku: "trail-shoes" }); await n.flush();`);
  await until("a push to each of the two subscriptions", () => pushService.requests.length == before + 2);
  const made = pushService.requests.slice(before);
  const toChromium = made.find((r) => r.path.startsWith("/fcm/send/fake:"));
  const toObserver = made.find((r) => r.path == `/observer/${name}`);
  if (!toChromium || !toObserver) throw new Error(`unexpected push requests: ${made.map((r) => r.path)}`);
  const plaintext = pushService.read(toObserver);
  return { toChromium, toObserver, plaintext, payload: JSON.parse(plaintext) };
}

test("a journey's push is sent by the Worker, shown by the service worker, and shown and clicked reach the server", async () => {
  // Pushes go to the local push service (baseUrl keeps each endpoint's path); the secrets stay.
  const { channels } = await api.call<{ channels: { web_push: Record<string, unknown> } }>("GET", "/settings/channels");
  await api.call("PUT", "/settings/channels", { ...channels, web_push: { ...channels.web_push, baseUrl: pushService.origin } });
  const { toChromium, toObserver, plaintext, payload } = await journeyPush("user", { userId });

  // The Web Push protocol as a real push service receives it: aes128gcm, VAPID signed with the key the browser subscribed with.
  const { publicKey } = await (await fetch(`${origin}/v1/push/vapid-public-key?writeKey=wk_dev`)).json();
  expect(toChromium.headers).toMatchObject({ "content-encoding": "aes128gcm", "content-type": "application/octet-stream", urgency: "normal" });
  const [, jwt = "", key] = /^vapid t=([^,]+), k=(.+)$/.exec(String(toChromium.headers.authorization)) ?? [];
  expect(key).toBe(publicKey);
  expect(verifyEs256(jwt, publicKey)).toBe(true);
  expect(jwtParts(jwt).claims).toMatchObject({ aud: "https://jmt17.google.com", sub: "mailto:nudge@localhost" });
  expect(payload).toEqual({
    type: "push",
    id: expect.stringMatching(/^[0-9a-f]{64}\./),
    title: "Back in stock",
    body: `The trail shoes are back, ${userId}.`,
    url: "/shop/?product=p-42",
    actions: [{ action: "buy", title: "Buy now", url: "/shop/?view=cart" }],
    user: { userId },
  });
  // Chromium's copy carries a payload of exactly that size (same plaintext, same record layout).
  expect(toChromium.body.length).toBe(toObserver.body.length);

  await (await swRegistration()).deliver(plaintext);
  const shown = await until("the notification", () => notify.calls.find((c) => c.call == "Notify" && c.summary == "Back in stock"));
  expect(shown.body).toContain(`The trail shoes are back, ${userId}.`);
  expect(shown.actions?.slice(0, 2)).toEqual(["0", "Buy now"]);
  await until("shown at the server", () => traced("web_push shown (sdk) for e2e-push/push"));
  await until("the journey to see Push Shown", async () => (await api.user(userId))?.traits["push_shown"] === true);

  const opened = context.waitForEvent("page");
  notify.click(shown.id);
  const tab = await opened;
  await tab.waitForURL(`${origin}/shop/?product=p-42`);
  await until("clicked at the server", () => traced("web_push clicked (sdk) for e2e-push/push"));
  const profile = await until("the journey to see Push Clicked", async () => {
    const p = await api.user(userId);
    return p?.traits["push_clicked"] === true && p;
  });
  expect(profile.runs.filter((r) => r.journeyId == "e2e-push")).toEqual([]);
  expect(await api.messages(userId)).toEqual([expect.objectContaining({ journey: "e2e-push", node: "push", channel: "web_push", template: "e2e-push", status: "sent" })]);
  await tab.close();
  expect(errors).toEqual([]);
});

test("a visitor who has not logged in: their push names them by anonymousId, and their own journey sees it shown", async () => {
  // Logging out starts a new visitor; the SDK stores the same browser subscription for them.
  const resent = page.waitForResponse((r) => r.url() == `${origin}/v1/push/subscriptions` && !(r.request().postData() ?? "").includes('"userId"'));
  await page.click("#logout");
  const answer = await resent;
  expect(answer.status()).toBe(201);
  const anonymousId = await withNudge<string>(page, "return n.user().anonymousId");
  expect(JSON.parse(answer.request().postData() ?? "{}")).toMatchObject({ anonymousId });
  await until("the visitor web push reachable", async () => (await api.user(`anon:${anonymousId}`))?.reachable?.web_push === true);

  const { plaintext, payload } = await journeyPush("visitor", { anonymousId });
  expect(payload).toMatchObject({ body: "The trail shoes are back, friend.", user: { anonymousId } });
  expect(payload.user.userId).toBeUndefined();
  const notified = notify.calls.filter((c) => c.call == "Notify").length;
  await (await swRegistration()).deliver(plaintext);
  await until("the notification", () => notify.calls.filter((c) => c.call == "Notify").length == notified + 1);
  await until("the visitor's journey to see Push Shown", async () => (await api.user(`anon:${anonymousId}`))?.traits["push_shown"] === true);
  // Nobody was created under the anonymous id as a user id.
  expect(await api.user(anonymousId)).toBeNull();
  expect(errors).toEqual([]);
});
