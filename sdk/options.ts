/** Client options and their defaults. */
import type { Chunks } from "./plugin.ts";

export interface Options {
  /** The site's write key (e.g. `wk_dev`). Required. */
  writeKey: string;
  /** Origin of the Nudge API. Default: the origin the SDK was loaded from. */
  apiHost?: string;
  /** Directory URL of the SDK files (lazy chunks, the service worker). Default: the SDK's own directory. */
  sdkBase?: string;
  /** The workspace VAPID public key (base64url). Default: fetched from `/v1/push/vapid-public-key`. */
  vapidKey?: string;
  /** Track a page view on load and on every SPA navigation. @default true */
  trackPages?: boolean;
  /** Receive in-app messages and overlays (WebSocket + inbox). @default true */
  inApp?: boolean;
  /** Send as soon as this many events wait. @default 20 */
  flushAt?: number;
  /** Otherwise send this long after the first waiting event. @default 1000 (ms) */
  flushInterval?: number;
  /** Most events kept while offline; the oldest are dropped beyond it. @default 1000 */
  maxQueue?: number;
  /** Service worker script; must be same-origin with the page. Default: `<sdkBase>/nudge-sw.js` on the same origin, else `/nudge-sw.js`. */
  swUrl?: string;
  /** Service worker scope. Default: the script's directory. */
  swScope?: string;
  /** Override how chunks load (bundlers, tests). Default: `import(<sdkBase>/<name>.js)`. */
  chunks?: { [K in keyof Chunks]?: () => Promise<Chunks[K]> };
}

export type ResolvedOptions = Required<Omit<Options, "vapidKey" | "swScope" | "chunks">> & Pick<Options, "vapidKey" | "swScope" | "chunks">;

/** Fills defaults; `base` is the URL of the SDK file itself (script src or import.meta.url). */
export function resolveOptions(o: Options, base: string): ResolvedOptions {
  if (!o.writeKey) throw new TypeError("nudge: writeKey is required (data-write-key on the script tag)");
  const sdkBase = new URL(o.sdkBase ?? ".", base).href;
  const apiHost = (o.apiHost ?? new URL(base).origin).replace(/\/+$/, "");
  const sw = new URL("nudge-sw.js", sdkBase);
  return {
    ...o,
    trackPages: o.trackPages ?? true,
    inApp: o.inApp ?? true,
    flushAt: o.flushAt ?? 20,
    flushInterval: o.flushInterval ?? 1000,
    maxQueue: o.maxQueue ?? 1000,
    swUrl: o.swUrl ?? (sw.origin == location.origin ? sw.href : "/nudge-sw.js"),
    sdkBase,
    apiHost,
  };
}
