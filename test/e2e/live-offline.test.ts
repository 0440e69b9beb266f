/**
 * Offline and back against the real Worker (the shared `wrangler dev`), in the demo shop it
 * serves: events tracked offline, during an API outage that spans a reload, and in a batch whose
 * answer is lost (the Worker stored it, the browser never heard) all reach the user exactly once.
 * The Worker counts them: a journey adds 1 to a trait per "E2E Ping", and another sends one
 * message per "E2E Checkout" — a duplicate would show as a higher count or a second log line.
 */
import type { Browser, Route } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectErrors, launchBrowser, sdkLoaded, withNudge } from "./support/browser.ts";
import { until } from "./support/fake-nudge.ts";
import { admin, workerOrigin, type Admin } from "./support/real-worker.ts";

let origin: string;
let api: Admin;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  origin = workerOrigin();
  api = admin(origin);
  await api.putTemplate("e2e-order-thanks", { channel: "in_app", layout: "banner", title: "Thanks for your order", body: "It ships today." });
  await api.publish({
    id: "e2e-count-pings",
    name: "e2e: counts pings",
    trigger: { type: "event", event: "E2E Ping" },
    entry: { reentry: "always" },
    start: "count",
    nodes: { count: { type: "update_attribute", attribute: "pings", increment: 1, next: "end" }, end: { type: "end" } },
  });
  await api.publish({
    id: "e2e-order-thanks",
    name: "e2e: thanks for every order",
    trigger: { type: "event", event: "E2E Checkout" },
    entry: { reentry: "always" },
    start: "thanks",
    nodes: { thanks: { type: "send", channel: "in_app", template: "e2e-order-thanks", next: "end" }, end: { type: "end" } },
  });
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
});

interface Answer {
  messageId: string;
  status: string;
}

test("offline, an outage across a reload and a lost answer: the Worker counts every event once", async () => {
  const userId = `live-offline-${Date.now()}`;
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  // Every batch goes through here: "up" forwards it, "down" fails it like a dead network, "lose"
  // forwards it (the Worker stores it) and then fails the browser's request, as a dropped answer would.
  let mode: "up" | "down" | "lose" = "up";
  const answers: Answer[] = [];
  const attempts: string[] = [];
  await ctx.route(`${origin}/v1/batch`, async (route: Route) => {
    attempts.push(route.request().postData() ?? "");
    if (mode == "down") return route.abort("connectionrefused");
    const response = await route.fetch();
    answers.push(...(await response.json()).results);
    if (mode == "lose") {
      mode = "up";
      return route.abort("connectionreset");
    }
    return route.fulfill({ response });
  });
  await page.goto(`${origin}/shop/`);
  await sdkLoaded(page);
  await withNudge(page, `await n.identify(${JSON.stringify(userId)}); await n.flush();`);

  // 1. Offline: stored, nothing attempted (flush() returns at once); back online, sent.
  await ctx.setOffline(true);
  await withNudge(page, `for (let i = 1; i <= 3; i++) await n.track("E2E Ping", { i }); await n.flush();`);
  expect(attempts.filter((a) => a.includes("E2E Ping"))).toEqual([]);
  await ctx.setOffline(false);
  await until("three pings counted", async () => (await api.user(userId))?.traits["pings"] === 3);

  // 2. An outage: the batch fails and waits for its retry. The page reloads meanwhile: on page hide
  //    the SDK sends its unconfirmed events with keepalive (Playwright neither sees nor routes that
  //    request, so it may reach the Worker), and the next page sends them again from IndexedDB. The
  //    answer to that is lost, so they go once more.
  mode = "down";
  await withNudge(page, `await n.track("E2E Ping", { i: 4 }); await n.track("E2E Checkout", { order: "o-1" }); await n.track("E2E Ping", { i: 5 }); await n.flush();`);
  const failed = await until("a failed attempt", () => attempts.find((a) => a.includes('"i":5')));
  const pending: string[] = JSON.parse(failed).batch.map((e: { messageId: string }) => e.messageId);
  mode = "lose";
  await page.reload();
  await sdkLoaded(page);
  // Sent again after the lost answer, and recognised by messageId.
  await until("the resent events answered as duplicates", () => pending.every((id) => answers.some((a) => a.messageId == id && a.status == "duplicate")), 20_000);
  expect(mode).toBe("up");

  // What the Worker did is the truth: five pings counted, one order thanked, nothing waiting.
  const profile = await until("five pings counted", async () => {
    const p = await api.user(userId);
    return p?.traits["pings"] === 5 && p;
  });
  expect(profile.runs).toEqual([]);
  const accepted = answers.filter((a) => a.status == "accepted").map((a) => a.messageId);
  expect(accepted.length).toBe(new Set(accepted).size);
  const thanks = (await api.messages(userId)).filter((m) => m.journey == "e2e-order-thanks");
  expect(thanks).toEqual([expect.objectContaining({ node: "thanks", channel: "in_app", status: "sent" })]);
  expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|Failed to load resource/.test(e))).toEqual([]);
  await ctx.close();
});
