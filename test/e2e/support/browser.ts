/**
 * Debian's chromium through playwright-core (never a downloaded browser), as in
 * /work/shared/notes/testing-in-chromium.md. Temporary files go to a scratch dir removed on close.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type LaunchOptions, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
export const SCREENSHOTS = path.resolve("test-output/screenshots");

function scratch(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nudge-e2e-"));
  return { dir, env: { ...process.env, TMPDIR: dir, NO_AT_BRIDGE: "1" } };
}

/** An off-the-record browser; one per test file. */
export async function launchBrowser(extra: LaunchOptions = {}): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const { dir, env } = scratch();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, env, ...extra });
  return { browser, close: async () => (await browser.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** A persistent (non-OTR) profile: needed for a real push subscription and trusted notification clicks. */
export async function launchPersistent(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const s = scratch();
  const userDataDir = path.join(s.dir, "profile");
  mkdirSync(userDataDir);
  const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args], env: { ...s.env, ...env } });
  return { context, close: async () => (await context.close(), rmSync(s.dir, { recursive: true, force: true })) };
}

/** Runs `body` (JavaScript text) in the page as an async function with `n` = window.nudge. */
export function withNudge<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(`(async () => { const n = window.nudge; ${body} })()`);
}

/** Resolves once window.nudge is the loaded client (not the snippet's stub). */
export async function sdkLoaded(page: Page): Promise<void> {
  await page.waitForFunction("window.nudge && typeof window.nudge.user === 'function'");
}

/** Fails the test on any page error (an exception in the SDK must never go unnoticed). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() == "error") errors.push(m.text());
  });
  return errors;
}
