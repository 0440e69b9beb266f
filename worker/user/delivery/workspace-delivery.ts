/**
 * The workspace's Delivery (worker/channels `createDelivery`) for one User Durable Object, kept
 * while the workspace's settings version stays the same (it caches OAuth tokens, VAPID JWTs and
 * fetch_data answers) and rebuilt when the settings change. One per object rather than per
 * isolate: a Delivery holds in-flight promises, and workerd does not let one object await
 * another's I/O.
 */
import type { RuntimeSettings } from "../../catalog/workspace-settings.ts";
import { createDelivery, type Delivery } from "../../channels/registry.ts";
import { frameFor, storeInInbox, type BrowserDeliver } from "./browser-inbox.ts";
import type { PerformerHost } from "./performer-host.ts";
import { withUnsubscribeLinks } from "./unsubscribe-vars.ts";

export interface WorkspaceDeliveryDeps {
  host: PerformerHost;
  /** The fetch providers are called with (read on every request, so test hooks apply at once). */
  fetch: () => typeof fetch;
  now: () => number;
}

/** Holds one Delivery per settings version. */
export class WorkspaceDelivery {
  #current: { workspace: string; version: string; delivery: Delivery } | undefined;
  /** The browser delivery of the row being performed (rows are performed one at a time per object). */
  #browser: BrowserDeliver | undefined;
  readonly #deps: WorkspaceDeliveryDeps;

  constructor(deps: WorkspaceDeliveryDeps) {
    this.#deps = deps;
  }

  /**
   * The Delivery for `settings`, built on first use and after every settings change. In-app and
   * overlay frames of the row being performed go to `browser` (else into the inbox table).
   */
  for(workspace: string, settings: RuntimeSettings, browser: BrowserDeliver | undefined): Delivery {
    this.#browser = browser;
    const current = this.#current;
    if (current !== undefined && current.workspace === workspace && current.version === settings.version) return current.delivery;
    const { host, now } = this.#deps;
    const base = createDelivery(settings.channels ?? {}, {
      fetch: (url, init) => this.#deps.fetch()(url, init),
      now,
      browser: async (message) => {
        const frame = frameFor(host.store, message, now());
        return this.#browser === undefined ? storeInInbox(host.store, frame, now()) : this.#browser(frame);
      },
    });
    const delivery = withUnsubscribeLinks(base, { workspace, secret: settings.unsubscribeSecret, publicUrl: settings.publicUrl, now });
    this.#current = { workspace, version: settings.version, delivery };
    return delivery;
  }
}
