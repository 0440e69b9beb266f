/**
 * In-app messages in Chromium: each layout arrives over the live WebSocket, renders in a shadow
 * root untouched by a hostile page stylesheet, inside the viewport (screenshots saved under
 * test-output/screenshots/), and reports what the user does. Also: the inbox on load, surveys,
 * display rules across SPA navigation and scrolling, and markup that must not run.
 */
import path from "node:path";
import { PNG } from "pngjs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import type { Layout, MessageFrame } from "../../sdk/protocol.ts";
import { collectErrors, launchBrowser, SCREENSHOTS, sdkLoaded, withNudge } from "./support/browser.ts";
import { startFakeNudge, until, type FakeNudge } from "./support/fake-nudge.ts";

const HOSTILE_CSS = "* { color: red !important; font-size: 40px !important; font-family: serif !important } div, button, h2, p { display: none !important; border: 9px solid lime !important }";
const BLUE = [43, 108, 176];
const WHITE = [255, 255, 255];
let api: FakeNudge;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let ctx: BrowserContext;
let seq = 0;

beforeAll(async () => {
  api = await startFakeNudge();
  api.vars.CSS = HOSTILE_CSS;
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(async () => {
  await closeBrowser?.();
  await api?.close();
});
afterEach(async () => {
  await ctx?.close();
  api.inbox = [];
});

/** Opens `path` and waits until its live socket is connected; returns the page and its anonymousId. */
async function open(path = "/pages/plain.html"): Promise<{ page: Page; anon: string; errors: string[] }> {
  ctx = await browser.newContext({ viewport: { width: 900, height: 640 } });
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  await page.goto(api.origin + path);
  await sdkLoaded(page);
  const anon = await withNudge<string>(page, "return n.user().anonymousId");
  await until("the live socket", () => api.sockets.some((s) => !s.closed && s.url.searchParams.get("anonymousId") == anon));
  return { page, anon, errors };
}

const message = (o: Partial<MessageFrame> = {}): MessageFrame => ({
  type: "message",
  id: `msg-${++seq}`,
  journey: "welcome",
  template: "welcome-offer",
  layout: "modal",
  title: "Welcome to Store #1",
  body: "Show this at the till for 10% off today.",
  buttons: [
    { id: "claim", label: "Claim offer" },
    { id: "later", label: "Later" },
  ],
  ...o,
});

const pixel = (png: PNG, x: number, y: number): number[] => {
  const i = (png.width * Math.round(y) + Math.round(x)) * 4;
  return [png.data[i] ?? -1, png.data[i + 1] ?? -1, png.data[i + 2] ?? -1];
};

test.each<[Layout]>([["modal"], ["banner"], ["slide_in"], ["fullscreen"]])("%s: rendered inside the viewport, isolated from page CSS, tracked", async (layout) => {
  const { page, anon, errors } = await open();
  const m = message({ layout });
  api.broadcast(m);
  const card = page.locator("nudge-overlay .card");
  await card.waitFor();
  await page.waitForTimeout(400); // the slide-in animation
  const shot = await page.screenshot({ path: path.join(SCREENSHOTS, `overlay-${layout}.png`) });
  const png = PNG.sync.read(shot);
  const box = await card.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  expect(box.width).toBeGreaterThan(200);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(900);
  expect(box.y + box.height).toBeLessThanOrEqual(640);
  // Colours straight from the screenshot: the card and its primary button, as styled.
  expect(pixel(png, box.x + 6, box.y + box.height / 2)).toEqual(layout == "banner" ? BLUE : WHITE);
  const button = await page.locator("nudge-overlay #btn-claim").boundingBox();
  expect(button).not.toBeNull();
  if (button) expect(pixel(png, button.x + 4, button.y + button.height / 2)).toEqual(layout == "banner" ? WHITE : BLUE);
  // The hostile page stylesheet did not get in.
  const title = page.locator("nudge-overlay h2");
  expect(await title.evaluate((el) => [getComputedStyle(el).fontSize, getComputedStyle(el).display, getComputedStyle(el).color])).toEqual(["19px", "block", layout == "banner" ? "rgb(255, 255, 255)" : "rgb(26, 32, 44)"]);
  expect(await card.getAttribute("role")).toBe("dialog");

  await page.locator("nudge-overlay #btn-claim").click();
  await until("In-App Clicked", () => api.tracked("In-App Clicked").find((e) => e.type == "track" && e.properties.messageId == m.id));
  expect(await page.locator("nudge-overlay").count()).toBe(0);
  const shown = api.tracked("In-App Shown").find((e) => e.type == "track" && e.properties.messageId == m.id);
  expect(shown).toMatchObject({ anonymousId: anon, properties: { journey: "welcome", template: "welcome-offer", layout } });
  const statuses = api.requests.filter((r) => r.path == `/v1/messages/${m.id}/events`).map((r) => r.body);
  expect(statuses).toEqual([expect.objectContaining({ type: "shown", channel: "in_app", writeKey: "wk_dev", anonymousId: anon }), expect.objectContaining({ type: "clicked", buttonId: "claim" })]);
  expect(api.sockets.find((s) => s.url.searchParams.get("anonymousId") == anon)?.received).toContainEqual({ type: "ack", id: m.id });
  expect(errors).toEqual([]);
});

test("a modal traps focus and closes on Escape; the next message waits its turn", async () => {
  const { page } = await open();
  const first = message({ priority: 1 });
  const second = message({ layout: "slide_in", title: "Second" });
  api.broadcast(first);
  await page.locator(`nudge-overlay[data-id=${first.id}] .card`).waitFor();
  api.broadcast(second);
  await page.waitForTimeout(300);
  expect(await page.locator("nudge-overlay").count()).toBe(1);
  const focused = () => page.evaluate(() => document.querySelector("nudge-overlay")?.shadowRoot?.activeElement?.textContent);
  expect(await focused()).toBe("Claim offer");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("×");
  await page.keyboard.press("Tab");
  expect(await focused()).toBe("Claim offer");
  await page.keyboard.press("Escape");
  await page.locator(`nudge-overlay[data-id=${second.id}] .card`).waitFor();
  await until("In-App Dismissed", () => api.tracked("In-App Dismissed").some((e) => e.type == "track" && e.properties.messageId == first.id));
});

test("a message waiting in the inbox shows on load", async () => {
  const m = message({ layout: "banner", title: "From the inbox" });
  api.inbox = [m];
  const { page } = await open();
  await page.locator(`nudge-overlay[data-id=${m.id}] .card`).waitFor();
  expect(api.requests.some((r) => r.path == "/v1/inbox" && r.query.get("writeKey") == "wk_dev")).toBe(true);
});

test("an NPS survey answer comes back as a Survey Answered event", async () => {
  const { page } = await open();
  const m = message({ buttons: undefined, survey: { type: "nps", question: "How likely are you to recommend us?" } });
  api.broadcast(m);
  await page.locator("nudge-overlay .scale button").first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "survey-nps.png") });
  await page.locator('nudge-overlay button[aria-label="9 of 10"]').click();
  await page.locator("nudge-overlay [role=status]").waitFor();
  const answered = await until("Survey Answered", () => api.tracked("Survey Answered").find((e) => e.type == "track" && e.properties.messageId == m.id));
  expect(answered).toMatchObject({ properties: { survey: "nps", question: "How likely are you to recommend us?", score: 9 } });
  await until("the survey to close", async () => (await page.locator("nudge-overlay").count()) == 0, 5000);
});

test("display rules: a URL rule survives SPA navigation; a scroll-depth rule waits for the scroll", async () => {
  const { page } = await open("/pages/shop.html");
  const cart = message({ layout: "slide_in", title: "Free shipping today", rules: { urls: ["/pages/shop.html?p=cart"] } });
  api.broadcast(cart);
  await page.waitForTimeout(500);
  expect(await page.locator("nudge-overlay").count()).toBe(0);
  await page.click("#cart-link");
  await page.locator(`nudge-overlay[data-id=${cart.id}] .card`).waitFor();
  await page.locator("nudge-overlay .x").click();

  const deep = message({ layout: "banner", title: "Still reading?", rules: { scrollDepth: 60 } });
  api.broadcast(deep);
  await page.waitForTimeout(500);
  expect(await page.locator("nudge-overlay").count()).toBe(0);
  await page.mouse.wheel(0, 1800);
  await page.locator(`nudge-overlay[data-id=${deep.id}] .card`).waitFor();
});

test("hostile markup in a message body cannot run script", async () => {
  const { page } = await open();
  const m = message({
    html: true,
    body: `<b>Deal</b><img src="x" onerror="window.__pwned='img'"><script>window.__pwned='script'</script><a id="evil" href="javascript:window.__pwned='link'">details</a><svg onload="window.__pwned='svg'"></svg><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
    buttons: [{ id: "bad", label: "Open", url: "javascript:window.__pwned='button'" }],
  });
  api.broadcast(m);
  await page.locator("nudge-overlay #b b").waitFor();
  await page.locator("nudge-overlay #b a").click() // ids are stripped too: only href and title survive on links;
  await page.locator("nudge-overlay #btn-bad").click();
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => Reflect.get(window, "__pwned"))).toBeUndefined();
  expect(page.url()).toBe(`${api.origin}/pages/plain.html`);
});
