/**
 * Geofencing against the real Worker (the shared `wrangler dev`): a fence created through the
 * admin API reaches the SDK through GET /v1/geofences; walking in and out of it (emulated
 * location in Chromium) sends Geofence Entered / Exited, which start the journeys with geofence
 * triggers: their sends land in the user's message log, and the welcome shows in the page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectErrors, launchBrowser, sdkLoaded, withNudge } from "./support/browser.ts";
import { until } from "./support/fake-nudge.ts";
import { admin, workerOrigin, type Admin } from "./support/real-worker.ts";

let origin: string;
let api: Admin;
let browser: Browser;
let closeBrowser: () => Promise<void>;
const OUTSIDE = { latitude: 52.52, longitude: 13.405, accuracy: 10 };
const INSIDE = { latitude: 52.5219, longitude: 13.4132, accuracy: 10 };

const onFence = (id: string, on: "enter" | "exit", template: string) => ({
  id,
  name: `e2e: ${on} the Berlin store`,
  trigger: { type: "geofence", geofence: "e2e-berlin", on },
  start: "send",
  nodes: { send: { type: "send", channel: "in_app", template, next: "end" }, end: { type: "end" } },
});

beforeAll(async () => {
  origin = workerOrigin();
  api = admin(origin);
  await api.putGeofence("e2e-berlin", { name: "Nudge Outdoor Berlin", lat: INSIDE.latitude, lng: INSIDE.longitude, radius: 100 });
  await api.putTemplate("e2e-store-welcome", { channel: "in_app", layout: "slide_in", title: "Welcome to Nudge Outdoor Berlin", body: "Show this at the till: 10% off today." });
  await api.putTemplate("e2e-store-goodbye", { channel: "in_app", layout: "banner", title: "Thanks for stopping by", body: "Your 10% stays valid online until midnight." });
  await api.publish(onFence("e2e-store-enter", "enter", "e2e-store-welcome"));
  await api.publish(onFence("e2e-store-exit", "exit", "e2e-store-goodbye"));
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
});

test("walking into and out of a fence starts the geofence journeys: both sends are in the message log", async () => {
  const userId = `live-geo-${Date.now()}`;
  const ctx = await browser.newContext();
  await ctx.grantPermissions(["geolocation"], { origin });
  await ctx.setGeolocation(OUTSIDE);
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(`${origin}/shop/?view=account`);
  await sdkLoaded(page);
  await page.fill("#user-id", userId);
  await page.click("#login");
  await page.locator("text=Signed in as").waitFor();

  const fences = page.waitForResponse((r) => r.url().startsWith(`${origin}/v1/geofences?`));
  // The shop's "Offers near me" button calls start() with the default 10 s dwell; a test walks faster.
  expect(await withNudge(page, "return await n.geofence.start({ dwellMs: 300 })")).toBe("watching");
  expect((await (await fences).json()).geofences).toContainEqual({ id: "e2e-berlin", name: "Nudge Outdoor Berlin", lat: INSIDE.latitude, lng: INSIDE.longitude, radius: 100 });

  await ctx.setGeolocation(INSIDE);
  await page.locator("nudge-overlay h2", { hasText: "Welcome to Nudge Outdoor Berlin" }).waitFor();
  await until("the welcome in the message log", async () => (await api.messages(userId)).length == 1);

  await ctx.setGeolocation(OUTSIDE);
  const log = await until("the goodbye in the message log", async () => {
    const messages = await api.messages(userId);
    return messages.length == 2 && messages;
  });
  expect(log).toEqual([
    expect.objectContaining({ journey: "e2e-store-enter", node: "send", channel: "in_app", template: "e2e-store-welcome", status: "sent" }),
    expect.objectContaining({ journey: "e2e-store-exit", node: "send", channel: "in_app", template: "e2e-store-goodbye", status: "sent" }),
  ]);
  const entries = (await api.trace(userId)).filter((t) => t.kind == "entry" && t.journeyId !== null).map((t) => t.reason);
  expect(entries).toEqual([expect.stringMatching(/^Geofence Entered: entered journey e2e-store-enter/), expect.stringMatching(/^Geofence Exited: entered journey e2e-store-exit/)]);
  expect(errors).toEqual([]);
  await ctx.close();
});
