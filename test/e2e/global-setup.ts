/**
 * e2e setup: build the SDK into public/sdk/ once, check the browser is there, and start ONE
 * `wrangler dev` (free port, throwaway --persist-to) shared by every test file that talks to the
 * real Worker: they read its origin with `workerOrigin()` (support/real-worker.ts). Stopped after
 * the run.
 */
import { existsSync, mkdirSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildSdk } from "../../scripts/build-sdk.ts";
import { CHROMIUM, SCREENSHOTS } from "./support/browser.ts";
import "./support/real-worker.ts";
import { startWranglerDev } from "./support/wrangler-dev.ts";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) throw new Error(`e2e tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  // Built first: wrangler serves public/ (the SDK included) as static assets.
  await buildSdk();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const worker = await startWranglerDev();
  project.provide("workerOrigin", worker.origin);
  return () => worker.stop();
}
