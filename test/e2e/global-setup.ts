/** e2e setup: build the SDK into public/sdk/ once, and check the browser is there. */
import { existsSync, mkdirSync } from "node:fs";
import { buildSdk } from "../../scripts/build-sdk.ts";
import { CHROMIUM, SCREENSHOTS } from "./support/browser.ts";

export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`e2e tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  await buildSdk();
  mkdirSync(SCREENSHOTS, { recursive: true });
}
