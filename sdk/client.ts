/**
 * The Nudge client: identity, the plugin pipeline, page tracking, the persisted delivery queue,
 * and lazy facades for push, geofencing and in-app messages (their code loads on first use).
 */
import { browserContext, pageInfo } from "./browser-context.ts";
import { Dispatcher } from "./delivery/batch-dispatcher.ts";
import { openEventStore } from "./delivery/event-store.ts";
import { get, post } from "./delivery/http.ts";
import { onPageHide } from "./delivery/on-page-hide.ts";
import { buildEvent, type EventFields } from "./events.ts";
import { loadIdentity, saveIdentity, type Identity } from "./identity.ts";
import { resolveOptions, type Options, type ResolvedOptions } from "./options.ts";
import { watchNavigation } from "./page-tracking.ts";
import { runPipeline } from "./pipeline.ts";
import type { ChunkName, Chunks, Host, Plugin, Topic } from "./plugin.ts";
import type { Caller, Properties } from "./protocol.ts";
import { getItem, getJson, setItem, setJson } from "./storage.ts";
import { uuid } from "./uuid.ts";
import type { PushOptInOptions, PushResult } from "./push/index.ts";
import type { GeofenceOptions, GeofenceResult } from "./geo/index.ts";

export const VERSION = "0.1.0";

/** Options for identify(): `userHash` = HMAC-SHA256(userId, workspace secret), computed by your server. */
export interface IdentifyOptions {
  userHash?: string;
}

export class Client implements Host {
  readonly options: ResolvedOptions;
  #id: Identity;
  #plugins: Plugin[] = [];
  #dispatcher: Dispatcher;
  #listeners: Record<Topic, Set<() => void>> = { navigate: new Set(), identity: new Set() };
  #chunks: { [K in ChunkName]?: Promise<Chunks[K]> } = {};
  #referrer: string | undefined;
  #lastAt = 0;

  /** Web push. @example const result = await nudge.push.optIn() // "granted" | "denied" | ... */
  readonly push = {
    optIn: (options?: PushOptInOptions): Promise<PushResult> => this.load("push").then((m) => m.optIn(this, options)),
  };

  /** Foreground geofencing. @example await nudge.geofence.start() // "watching" | "denied" | "unsupported" */
  readonly geofence = {
    start: (options?: GeofenceOptions): Promise<GeofenceResult> => this.load("geo").then((m) => m.start(this, options)),
    stop: (): Promise<void> => this.load("geo").then((m) => m.stop(this)),
  };

  /** @param base URL of the SDK file itself: chunks and the API host default to it. */
  constructor(options: Options, base: string) {
    const o = (this.options = resolveOptions(options, base));
    this.#id = loadIdentity();
    this.#dispatcher = new Dispatcher(`${o.apiHost}/v1/batch`, o, openEventStore());
    this.use({ name: "nudge", type: "destination", run: (e) => this.#dispatcher.add(e) });
    onPageHide(() => this.#dispatcher.unload());
    this.#dispatcher.schedule(0); // whatever earlier pages left behind
    watchNavigation((prev) => {
      this.#referrer = prev;
      this.#emit("navigate");
      if (o.trackPages) void this.page();
    });
    if (o.trackPages) void this.page();
    const resume = (name: "push" | "geo" | "inapp"): void => {
      this.load(name).then((m) => m.resume(this), (e: unknown) => console.warn("nudge:", e));
    };
    if (o.inApp) resume("inapp");
    if (getItem("push")) resume("push");
    if (getItem("geo")) resume("geo");
  }

  /**
   * Records an action the user took.
   * @example nudge.track("Added to Cart", { sku: "tee-42", price: 19 })
   */
  track(event: string, properties: Properties = {}): Promise<void> {
    if (!event || typeof event != "string") return Promise.reject(new TypeError("nudge.track: event must be a non-empty string"));
    return this.#send({ type: "track", event, properties });
  }

  /**
   * Ties this browser to `userId` and merges `traits` into the stored ones. Pass `null` (or
   * traits only) to update the current user's traits.
   * @example nudge.identify("u_123", { email: "ada@example.com" }, { userHash })
   */
  identify(userId?: string | null | Properties, traits: Properties = {}, options: IdentifyOptions = {}): Promise<void> {
    if (userId !== null && typeof userId == "object") return this.identify(null, userId, traits);
    const id = this.#id;
    const uid = userId ?? id.userId;
    const same = uid === id.userId;
    const base = same || id.userId === undefined ? id.traits : {};
    this.#id = { ...id, userId: uid, userHash: options.userHash ?? (same ? id.userHash : undefined), traits: { ...base, ...traits } };
    saveIdentity(this.#id);
    if (!same || options.userHash) this.#emit("identity");
    return this.#send({ type: "identify", traits: this.#id.traits });
  }

  /**
   * Records a page view (automatic on load and SPA navigation unless trackPages is false).
   * @example nudge.page("Pricing", { plan: "pro" })
   */
  page(name?: string, properties: Properties = {}): Promise<void> {
    const named = name ? { name } : {};
    return this.#send({ type: "page", ...named, properties: { ...pageInfo(this.#referrer), ...properties } });
  }

  /**
   * Links `previousId` (default: the current userId or anonymousId) to `userId`.
   * @example nudge.alias("u_123")
   */
  alias(userId: string, previousId?: string): Promise<void> {
    const { userId: cur, anonymousId } = this.#id;
    return this.#send({ type: "alias", previousId: previousId ?? cur ?? anonymousId }, { ...this.#id, userId });
  }

  /** Forgets the user: clears userId, traits and userHash and starts a new anonymousId. */
  async reset(): Promise<void> {
    this.#id = { anonymousId: uuid(), traits: {} };
    saveIdentity(this.#id);
    this.#emit("identity");
  }

  /** Sends everything queued now. */
  flush(): Promise<void> {
    return this.#dispatcher.flush();
  }

  /** Adds a plugin to the pipeline. */
  use(plugin: Plugin): this {
    this.#plugins.push(plugin);
    return this;
  }

  /** The current identity (a copy). */
  user(): Identity {
    return { ...this.#id, traits: { ...this.#id.traits } };
  }

  caller(): Caller {
    const { anonymousId, userId, userHash } = this.#id;
    return { writeKey: this.options.writeKey, anonymousId, userId, userHash };
  }

  api(path: string, body?: object, keepalive?: boolean): Promise<Response> {
    const url = this.options.apiHost + path;
    return body ? post(url, JSON.stringify({ ...this.caller(), ...body }), keepalive) : get(url, { ...this.caller() });
  }

  load<K extends ChunkName>(name: K): Promise<Chunks[K]> {
    const { chunks, sdkBase } = this.options;
    const p: Promise<Chunks[K]> = (this.#chunks[name] ??= chunks?.[name]?.() ?? import(new URL(`${name}.js`, sdkBase).href));
    p.catch(() => delete this.#chunks[name]);
    return p;
  }

  on(topic: Topic, listener: () => void): () => void {
    const set = this.#listeners[topic];
    set.add(listener);
    return () => set.delete(listener);
  }

  get<T>(key: string, fallback: T): T {
    return getJson(key, fallback);
  }

  set(key: string, value: unknown): void {
    if (value === null) setItem(key, null);
    else setJson(key, value);
  }

  #emit(topic: Topic): void {
    this.#listeners[topic].forEach((f) => f());
  }

  async #send(fields: EventFields, id = this.#id): Promise<void> {
    const context = browserContext(VERSION, pageInfo(this.#referrer));
    // Strictly increasing: the queue sends oldest first by timestamp, so calls made within one
    // millisecond keep their order.
    const at = (this.#lastAt = Math.max(Date.now(), this.#lastAt + 1));
    await runPipeline(this.#plugins, buildEvent(fields, id, context, uuid(), new Date(at).toISOString()), this);
  }
}
