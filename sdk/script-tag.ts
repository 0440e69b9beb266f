/**
 * Entry of the script-tag build (public/sdk/nudge.js, an IIFE):
 * `<script src="https://api.example/sdk/nudge.js" data-write-key="wk_..." [data-api-host]></script>`.
 * Reads its data attributes, defines `window.nudge`, and replays calls buffered by the snippet.
 */
import { Client } from "./client.ts";
import { replay, type BufferedCall } from "./pre-init-buffer.ts";

declare global {
  interface Window {
    nudge?: unknown;
  }
}

/** Creates the client from the tag's attributes and replays the snippet's buffered calls. */
function boot(stub: unknown): void {
  const el = document.currentScript ?? document.querySelector("script[data-write-key]");
  const d = el instanceof HTMLScriptElement ? el.dataset : {};
  const flag = (v?: string): boolean | undefined => (v === undefined ? undefined : v != "false");
  const client = new Client(
    {
      writeKey: d.writeKey ?? "",
      apiHost: d.apiHost,
      vapidKey: d.vapidKey,
      trackPages: flag(d.trackPages),
      inApp: flag(d.inApp),
      swUrl: d.swUrl,
      swScope: d.swScope,
    },
    el instanceof HTMLScriptElement && el.src ? el.src : location.href,
  );
  window.nudge = client;
  const q: unknown = stub && typeof stub == "object" && "q" in stub ? stub.q : undefined;
  if (Array.isArray(q)) replay(client, q.filter((c): c is BufferedCall => Array.isArray(c) && typeof c[0] == "string"));
}

const existing = window.nudge;
// Included twice: keep the first client (a second would double every page view).
if (!(existing && typeof existing == "object" && "user" in existing)) {
  try {
    boot(existing);
  } catch (e) {
    console.error(e);
  }
}
