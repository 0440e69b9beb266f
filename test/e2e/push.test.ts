/**
 * Web push end to end in a persistent Chromium profile: the soft prompt, the browser permission,
 * the service worker registered through workbox-window, a real subscription (against a fake push
 * registration service) sent to the API, a push delivered through CDP shown as a notification,
 * and a trusted click (through a fake D-Bus notification daemon) opening the URL — each step
 * reported to the API by the service worker.
 */
import { createECDH } from "node:crypto";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { PushPayload, PushSubscriptionBody } from "../../sdk/protocol.ts";
import { collectErrors, launchPersistent, SCREENSHOTS, sdkLoaded, withNudge } from "./support/browser.ts";
import { startFakeGcm, type FakeGcm } from "./support/fake-gcm.ts";
import { startFakeNotify, type FakeNotify } from "./support/fake-notify.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";

let api: FakeNudge;
let gcm: FakeGcm;
let notify: FakeNotify;
let context: BrowserContext;
let closeContext: () => Promise<void>;
let page: Page;
let errors: string[];

beforeAll(async () => {
  [api, gcm, notify] = await Promise.all([startFakeNudge(), startFakeGcm(), startFakeNotify()]);
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  api.vapidPublicKey = ecdh.getPublicKey().toString("base64url");
  ({ context, close: closeContext } = await launchPersistent(gcm.args, notify.env));
  page = context.pages()[0] ?? (await context.newPage());
  errors = collectErrors(page);
  await page.goto(`${api.origin}/pages/plain.html`);
  await sdkLoaded(page);
});
afterAll(async () => {
  await closeContext?.();
  notify?.close();
  await Promise.all([api?.close(), gcm?.close()]);
});

const subscriptions = (): PushSubscriptionBody[] =>
  api.requests.filter((r) => r.path == "/v1/push/subscriptions").map((r): PushSubscriptionBody => JSON.parse(JSON.stringify(r.body)));

test("opt in: soft prompt, browser permission, service worker, subscription sent to the API", async () => {
  const result = withNudge<string>(page, "return await n.push.optIn()");
  const prompt = page.locator("nudge-overlay .card");
  await prompt.waitFor();
  expect(await prompt.getAttribute("role")).toBe("alertdialog");
  await page.screenshot({ path: path.join(SCREENSHOTS, "push-soft-prompt.png") });
  // Headless Chromium denies a real prompt at once: the user's "yes" is the grant.
  await context.grantPermissions(["notifications"], { origin: api.origin });
  await page.locator("nudge-overlay #btn-allow").click();
  expect(await result).toBe("granted");

  const [sub] = subscriptions();
  const anonymousId = await withNudge<string>(page, "return n.user().anonymousId");
  expect(sub).toMatchObject({ writeKey: "wk_dev", anonymousId, subscription: { expirationTime: null } });
  // Chromium registers twice with the push service (its own app id, then this site), in either
  // order: the endpoint carries the token handed out for the site.
  expect(gcm.tokens.filter((t) => sub?.subscription.endpoint.endsWith(t))).toHaveLength(1);
  expect(sub?.subscription.keys.p256dh).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  expect(sub?.subscription.keys.auth).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  expect(api.requests.some((r) => r.path == "/v1/push/vapid-public-key")).toBe(true);
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistration("/sdk/").then((r) => r?.active?.scriptURL))).toBe(`${api.origin}/sdk/nudge-sw.js?writeKey=wk_dev&apiHost=${encodeURIComponent(api.origin)}`);
  await until("Push Permission Granted", () => api.tracked("Push Permission Granted").length == 1);
});

test("the subscription follows the user: identify() sends it again with the userId", async () => {
  const before = subscriptions().length;
  await withNudge(page, `await n.identify("u_push", { plan: "pro" })`);
  await until("a re-sent subscription", () => subscriptions().length == before + 1);
  expect(subscriptions().at(-1)).toMatchObject({ userId: "u_push", subscription: { endpoint: subscriptions()[0]?.subscription.endpoint } });
});

test("a push is shown with its actions, and a click opens its URL; both are reported", async () => {
  const cdp = await context.newCDPSession(page);
  const scope = `${api.origin}/sdk/`;
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL == scope && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
    void cdp.send("ServiceWorker.enable");
  });
  const payload: PushPayload = {
    type: "push",
    id: "push-1",
    title: "Back in stock",
    body: "The trail shoes you liked are back.",
    url: "/pages/plain.html?from=push",
    actions: [{ action: "buy", title: "Buy now", url: "/pages/plain.html?from=buy" }],
    user: { userId: "u_push" },
  };
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: api.origin, registrationId, data: JSON.stringify(payload) });

  const shown = await until("the notification", () => notify.calls.find((c) => c.call == "Notify" && c.summary == "Back in stock"));
  expect(shown.body).toContain("The trail shoes you liked are back."); // Chromium prefixes the origin
  expect(shown.actions?.slice(0, 2)).toEqual(["0", "Buy now"]);
  await until("Push Shown", () => api.tracked("Push Shown").length == 1);
  expect(api.tracked("Push Shown")[0]).toMatchObject({ messageId: "push-1:shown", userId: "u_push", properties: { messageId: "push-1" } });
  expect(api.requests.find((r) => r.path == "/v1/messages/push-1/events")?.body).toMatchObject({ type: "shown", channel: "web_push", writeKey: "wk_dev" });

  const opened = context.waitForEvent("page");
  notify.click(shown.id);
  const tab = await opened;
  await tab.waitForURL(`${api.origin}/pages/plain.html?from=push`);
  await until("Push Clicked", () => api.tracked("Push Clicked").length == 1);
  expect(api.tracked("Push Clicked")[0]).toMatchObject({ userId: "u_push", properties: { messageId: "push-1" } });
  expect(api.requests.filter((r) => r.path == "/v1/messages/push-1/events").map((r) => r.body)).toContainEqual(expect.objectContaining({ type: "clicked" }));
  await tab.close();
  expect(errors).toEqual([]);
});

test("closing a notification is reported as Push Dismissed; another service's push is left alone", async () => {
  const cdp = await context.newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL == `${api.origin}/sdk/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
    void cdp.send("ServiceWorker.enable");
  });
  const before = notify.calls.filter((c) => c.call == "Notify").length;
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: api.origin, registrationId, data: JSON.stringify({ title: "Not ours", body: "x" }) });
  const payload: PushPayload = { type: "push", id: "push-2", title: "Last chance", user: { userId: "u_push" } };
  await cdp.send("ServiceWorker.deliverPushMessage", { origin: api.origin, registrationId, data: JSON.stringify(payload) });
  const shown = await until("the notification", () => notify.calls.find((c) => c.call == "Notify" && c.summary == "Last chance"));
  expect(notify.calls.filter((c) => c.call == "Notify")).toHaveLength(before + 1);
  notify.dismiss(shown.id);
  await until("Push Dismissed", () => api.tracked("Push Dismissed").length == 1);
  expect(api.tracked("Push Dismissed")[0]).toMatchObject({ messageId: "push-2:dismissed", properties: { messageId: "push-2" } });
});
