/**
 * Geofencing in Chromium with an emulated location: permission, the workspace fences from
 * GET /v1/geofences, enter and exit as events (across the spurious POSITION_UNAVAILABLE errors
 * headless Chromium emits before each update), and no second "entered" after a reload inside.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectErrors, launchBrowser, sdkLoaded, withNudge } from "./support/browser.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";

let api: FakeNudge;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const OUTSIDE = { latitude: 52.52, longitude: 13.405, accuracy: 10 };
const INSIDE = { latitude: 52.5219, longitude: 13.4132, accuracy: 10 };

beforeAll(async () => {
  api = await startFakeNudge();
  api.geofences = [
    { id: "store-1", name: "Store #1", lat: 52.5219, lng: 13.4132, radius: 100, dwellMs: 300 },
    { id: "far", name: "Far away", lat: 48.8584, lng: 2.2945, radius: 200 },
  ];
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await api?.close();
});

const names = (event: string): string[] => api.tracked(event).map((e) => (e.type == "track" ? `${e.properties.geofence}/${e.properties.name}` : ""));

test("enter and leave a geofence by emulated location", async () => {
  const ctx = await browser.newContext();
  await ctx.grantPermissions(["geolocation"], { origin: api.origin });
  await ctx.setGeolocation(OUTSIDE);
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(`${api.origin}/pages/plain.html`);
  await sdkLoaded(page);
  expect(await withNudge(page, "return await n.geofence.start()")).toBe("watching");
  expect(api.requests.some((r) => r.path == "/v1/geofences" && r.query.get("writeKey") == "wk_dev")).toBe(true);

  await ctx.setGeolocation(INSIDE);
  await until("Geofence Entered", () => names("Geofence Entered").length == 1);
  expect(names("Geofence Entered")).toEqual(["store-1/Store #1"]);

  // A reload inside the fence resumes watching on its own and does not enter again.
  await page.reload();
  await sdkLoaded(page);
  await ctx.setGeolocation({ ...INSIDE, latitude: INSIDE.latitude + 0.0001 });
  await page.waitForTimeout(1000);
  expect(names("Geofence Entered")).toHaveLength(1);

  await ctx.setGeolocation(OUTSIDE);
  await until("Geofence Exited", () => names("Geofence Exited").length == 1);
  expect(names("Geofence Exited")).toEqual(["store-1/Store #1"]);
  expect(errors).toEqual([]);
  await ctx.close();
});

test("without permission, start() answers denied", async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${api.origin}/pages/plain.html`);
  await sdkLoaded(page);
  expect(await withNudge(page, "return await n.geofence.start()")).toBe("denied");
  await ctx.close();
});
