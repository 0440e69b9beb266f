/**
 * The SDK against the real Worker (the shared `wrangler dev`): a page on another origin loads nudge.js from
 * the Worker's static assets, identifies and tracks, and the events land in the user's Durable
 * Object (GET /v1/admin/users/{id} with the secret key); a resent batch is recognised as a
 * duplicate by messageId.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectErrors, launchBrowser, sdkLoaded, withNudge } from "./support/browser.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";
import { workerOrigin } from "./support/real-worker.ts";

let worker: { origin: string };
let site: FakeNudge;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  worker = { origin: workerOrigin() };
  [site, { browser, close: closeBrowser }] = await Promise.all([startFakeNudge(), launchBrowser()]);
  site.vars.API = worker.origin;
});
afterAll(async () => {
  await closeBrowser?.();
  await site?.close();
});

const admin = (path: string): Promise<Response> => fetch(`${worker.origin}/v1/admin${path}`, { headers: { authorization: "Bearer sk_dev" } });

test("events from the script tag land in the user's Durable Object, once", async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  const batches: { sent: string; status: number; body: { results?: { messageId: string; status: string }[] } }[] = [];
  page.on("response", async (res) => {
    if (res.url() == `${worker.origin}/v1/batch`) batches.push({ sent: res.request().postData() ?? "", status: res.status(), body: await res.json() });
  });
  await page.goto(`${site.origin}/pages/plain.html`);
  await sdkLoaded(page);
  const userId = `e2e-${Date.now()}`;
  await withNudge(page, `await n.identify(${JSON.stringify(userId)}, { email: "ada@example.com", plan: "pro" }); await n.track("Added To Cart", { sku: "trail-shoes" }); await n.flush();`);
  const profile = await until("the profile", async () => {
    const res = await admin(`/users/${userId}`);
    return res.ok ? res.json() : undefined;
  });
  expect(profile).toMatchObject({ userId, traits: { email: "ada@example.com", plan: "pro" }, timeZone: expect.any(String) });
  expect(profile.anonymousId).toBe(await withNudge<string>(page, "return n.user().anonymousId"));
  const results = await until("answers for page, identify and track", () => {
    const r = batches.flatMap((b) => b.body.results ?? []);
    return r.length >= 3 && r;
  });
  expect(batches.every((b) => b.status == 200)).toBe(true);
  expect(new Set(results.map((r) => r.status))).toEqual(new Set(["accepted"]));

  // The same request again, as the SDK sends after a lost answer: the server knows every messageId.
  const last = batches.at(-1);
  const again = await fetch(`${worker.origin}/v1/batch`, { method: "POST", body: last?.sent });
  expect(again.status).toBe(200);
  const replay: { results: { status: string }[] } = await again.json();
  expect(replay.results.length).toBeGreaterThan(0);
  expect(replay.results.map((r) => r.status)).toEqual(replay.results.map(() => "duplicate"));
  expect(errors).toEqual([]);
  await ctx.close();
});

test("the Worker serves the built SDK and its service worker", async () => {
  for (const file of ["/sdk/nudge.js", "/sdk/nudge-sw.js", "/sdk/overlays.js"]) {
    const res = await fetch(worker.origin + file);
    expect(res.status, file).toBe(200);
    expect(res.headers.get("content-type"), file).toContain("javascript");
  }
});
