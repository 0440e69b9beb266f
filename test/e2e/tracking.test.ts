/**
 * The script tag on a site of another origin: buffered snippet calls, automatic and SPA page
 * views, tracks, and delivery through offline periods, reloads, API outages and page hide —
 * every event arrives, and arrives once (checked by messageId at the server).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { NudgeEvent } from "../../sdk/protocol.ts";
import { collectErrors, launchBrowser, sdkLoaded, withNudge } from "./support/browser.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let api: FakeNudge;
let site: FakeNudge;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let ctx: BrowserContext;

beforeAll(async () => {
  [api, site] = await Promise.all([startFakeNudge(), startFakeNudge()]);
  site.vars.API = api.origin;
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await Promise.all([api?.close(), site?.close()]);
});
afterEach(async () => {
  await ctx?.close();
});

async function open(path = "/pages/shop.html"): Promise<{ page: Page; errors: string[] }> {
  ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(site.origin + path);
  await sdkLoaded(page);
  return { page, errors };
}

/** How many times each event named `name` crossed the wire, by messageId. */
const wireCounts = (name: string): number[] => {
  const ids = api.tracked(name).map((e) => e.messageId);
  return ids.map((id) => api.received.filter((e) => e.messageId == id).length);
};

test("snippet calls, page views (load and SPA) and tracks reach the API of another origin", async () => {
  const { page, errors } = await open();
  const anonymousId = await withNudge<string>(page, "return n.user().anonymousId");
  await page.click("#add");
  await page.click("#cart-link");
  const mine = (): NudgeEvent[] => [...api.events.values()].filter((e) => e.anonymousId == anonymousId);
  await until("4 events", () => mine().length >= 4);
  const events = mine();
  expect(events.map((e) => (e.type == "track" ? e.event : e.type))).toEqual(expect.arrayContaining(["Snippet Loaded", "Added To Cart", "page", "page"]));
  const pages = events.filter((e) => e.type == "page");
  expect(pages.map((e) => e.type == "page" && [e.properties.path, e.properties.search, e.properties.referrer])).toEqual([
    ["/pages/shop.html", "", ""],
    ["/pages/shop.html", "?p=cart", `${site.origin}/pages/shop.html`],
  ]);
  const add = events.find((e) => e.type == "track" && e.event == "Added To Cart");
  expect(add).toMatchObject({ properties: { sku: "trail-shoes", price: 89 }, context: { library: { name: "nudge.js" }, page: { url: `${site.origin}/pages/shop.html` } } });
  expect(add?.messageId).toMatch(UUID);
  expect(add?.context?.userAgent).toContain("Chrome");
  const batch = api.requests.find((r) => r.path == "/v1/batch");
  expect(batch).toMatchObject({ origin: site.origin, contentType: "text/plain;charset=UTF-8", body: { writeKey: "wk_dev" } });
  expect(errors).toEqual([]);
});

test("offline, an API outage and a reload: nothing is lost and nothing crosses the wire twice", async () => {
  const { page, errors } = await open();
  await until("the first page view", () => api.requests.some((r) => r.path == "/v1/batch" && r.origin == site.origin));

  // 1. The browser is offline: nothing is attempted; back online, everything goes.
  await ctx.setOffline(true);
  await withNudge(page, `for (let i = 1; i <= 3; i++) await n.track("Offline A", { i });`);
  await page.waitForTimeout(1500);
  expect(api.tracked("Offline A")).toHaveLength(0);
  await ctx.setOffline(false);
  await until("3 offline events", () => api.tracked("Offline A").length == 3);

  // 2. The API is unreachable across a reload: the queue persists in IndexedDB.
  api.down = true;
  await withNudge(page, `for (let i = 1; i <= 3; i++) await n.track("Outage B", { i });`);
  await page.waitForTimeout(300);
  await page.reload();
  await sdkLoaded(page);
  await withNudge(page, `await n.track("Outage B", { i: 4 });`);
  await page.waitForTimeout(1500);
  expect(api.tracked("Outage B")).toHaveLength(0);
  api.down = false;
  await until("4 outage events", () => api.tracked("Outage B").length == 4, 20_000);

  expect(api.tracked("Offline A").map((e) => e.type == "track" && e.properties.i).sort()).toEqual([1, 2, 3]);
  expect(api.tracked("Outage B").map((e) => e.type == "track" && e.properties.i).sort()).toEqual([1, 2, 3, 4]);
  expect([...wireCounts("Offline A"), ...wireCounts("Outage B")]).toEqual([1, 1, 1, 1, 1, 1, 1]);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_EMPTY_RESPONSE|ERR_CONNECTION|Failed to load resource/.test(e))).toEqual([]);
});

test("an event tracked right before leaving for a page without the SDK still arrives (keepalive on page hide)", async () => {
  const { page } = await open();
  await withNudge(page, `n.track("Clicked Away", { last: true });`);
  await page.goto("about:blank");
  await until("the event sent on page hide", () => api.tracked("Clicked Away").length == 1, 5000);
});

test("a 503 with Retry-After: 2 is retried no sooner than 2 s later; the event is stored once", async () => {
  const { page } = await open();
  await until("the first page view", () => api.requests.some((r) => r.path == "/v1/batch" && r.origin == site.origin));
  const before = api.requests.length;
  api.batchAnswers.push({ status: 503, headers: { "Retry-After": "2" } });
  await withNudge(page, `await n.track("Retried", {});`);
  await until("the retry", () => api.tracked("Retried").length == 1, 10_000);
  const attempts = api.requests.slice(before).filter((r) => r.path == "/v1/batch");
  expect(attempts).toHaveLength(2);
  expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1900);
  expect(wireCounts("Retried")).toEqual([1]);
});
