/**
 * The demo shop (public/shop) on the real SDK: a single-page app whose views are pushState
 * navigations. Browsing, the cart, checkout and a course send the events the seed journeys use.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { collectErrors, launchBrowser, sdkLoaded } from "./support/browser.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";

let api: FakeNudge;
let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  api = await startFakeNudge();
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await api?.close();
});

test("browse, add to cart, check out, log in and take a course", async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(`${api.origin}/shop/`);
  await sdkLoaded(page);
  await page.click("text=Trail shoes");
  await page.click("#add");
  await page.click("#cart-link");
  await page.click("#to-checkout");
  await page.click("#pay");
  await page.locator("text=Thank you!").waitFor();
  await page.click("text=Account");
  await page.fill("#user-id", "ada-shop");
  await page.click("#login");
  await page.locator("text=Signed in as").waitFor();
  await page.click("text=Courses");
  await page.click("text=Map reading for hikers");
  await page.click("#start-course");
  await page.click("text=Complete lesson 1");
  await page.click("text=Complete lesson 2");

  await until("Course Completed", () => api.tracked("Course Completed").length == 1);
  const names = [...api.events.values()].map((e) => (e.type == "track" ? e.event : e.type));
  for (const n of ["Product List Viewed", "Product Viewed", "Added To Cart", "Order Completed", "Logged In", "Course Viewed", "Course Started", "Lesson Completed"]) expect(names, n).toContain(n);
  expect(api.tracked("Order Completed")[0]).toMatchObject({ properties: { total: 89, currency: "EUR" } });
  const identifies = [...api.events.values()].filter((e) => e.type == "identify");
  expect(identifies.at(-1)).toMatchObject({ userId: "ada-shop", traits: { cart_items: 0, email: "ada-shop@example.com" } });
  const paths = [...api.events.values()].flatMap((e) => (e.type == "page" ? [String(e.properties.search)] : []));
  expect(paths).toEqual(expect.arrayContaining(["", "?product=p-42", "?view=cart", "?view=checkout", "?view=courses", "?course=map-reading"]));
  expect(errors).toEqual([]);
  await ctx.close();
});
