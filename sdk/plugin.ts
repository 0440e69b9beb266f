/**
 * The plugin contract (types only) and the Host that lazy chunks receive instead of importing the
 * core. Plugins run in a fixed order: before → enrichment → destination → after.
 */
import type { Caller, NudgeEvent, Properties } from "./protocol.ts";
import type { ResolvedOptions } from "./options.ts";

/**
 * `before` may drop an event (return null) or replace it; `enrichment` may replace it and its
 * errors are logged, not fatal; `destination`s run in parallel and cannot block one another;
 * `after` sees the final event.
 */
export type PluginType = "before" | "enrichment" | "destination" | "after";

export interface Plugin {
  name: string;
  type: PluginType;
  run(event: NudgeEvent, host: Host): NudgeEvent | null | void | Promise<NudgeEvent | null | void>;
}

/** Lazily loaded chunks, by file name (`<sdkBase>/<name>.js`). */
export interface Chunks {
  push: typeof import("./push/index.ts");
  geo: typeof import("./geo/index.ts");
  inapp: typeof import("./inapp/index.ts");
  overlays: typeof import("../overlays/index.ts");
}
export type ChunkName = keyof Chunks;

/** `navigate`: the URL changed (load or SPA); `identity`: identify() changed the user, or reset(). */
export type Topic = "navigate" | "identity";

/** What the core lends to plugins and lazy chunks; chunks never import the core itself. */
export interface Host {
  readonly options: ResolvedOptions;
  /** The write key and the current identity. */
  caller(): Caller;
  track(event: string, properties?: Properties): Promise<void>;
  /** GET `apiHost + path` with the caller in the query, or POST `body` (plus the caller) as JSON. */
  api(path: string, body?: object, keepalive?: boolean): Promise<Response>;
  load<K extends ChunkName>(name: K): Promise<Chunks[K]>;
  on(topic: Topic, listener: () => void): () => void;
  /** A persisted JSON value (localStorage, namespaced), or `fallback`. */
  get<T>(key: string, fallback: T): T;
  /** Persists `value` as JSON; `null` removes the key. */
  set(key: string, value: unknown): void;
}
