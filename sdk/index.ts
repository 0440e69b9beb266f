/**
 * ESM entry (public/sdk/nudge.mjs, or sdk/index.ts in a bundler).
 * @example import { nudge } from "https://api.example/sdk/nudge.mjs"; nudge.load({ writeKey: "wk_..." });
 * @example const client = createClient({ writeKey: "wk_..." });
 */
import { Client } from "./client.ts";
import type { Options } from "./options.ts";

export { Client, VERSION, type IdentifyOptions } from "./client.ts";
export type { Options } from "./options.ts";
export type { Plugin, PluginType, Host } from "./plugin.ts";
export type * from "./protocol.ts";
export type { PushOptInOptions, PushResult } from "./push/index.ts";
export type { GeofenceOptions, GeofenceResult } from "./geo/index.ts";

/** A loaded client. Chunks and the API host default to where this module was loaded from. */
export function createClient(options: Options): Client {
  return new Client(options, import.meta.url);
}

let client: Client | undefined;
const waiting: ((c: Client) => void)[] = [];

/** Calls `pick(client)` now, or once load() ran. */
function defer<A extends unknown[], R>(pick: (c: Client) => (...a: A) => Promise<R>) {
  return (...a: A): Promise<R> =>
    client ? pick(client)(...a) : new Promise<R>((res, rej) => waiting.push((c) => pick(c)(...a).then(res, rej)));
}

/** The shared client: usable at once, calls before `load()` are buffered and replayed. */
export const nudge = {
  /** Creates the client (once) and replays buffered calls. */
  load(options: Options): Client {
    const c = (client ??= createClient(options));
    waiting.splice(0).forEach((f) => f(c));
    return c;
  },
  track: defer((c) => c.track.bind(c)),
  identify: defer((c) => c.identify.bind(c)),
  page: defer((c) => c.page.bind(c)),
  alias: defer((c) => c.alias.bind(c)),
  reset: defer((c) => c.reset.bind(c)),
  flush: defer((c) => c.flush.bind(c)),
  push: { optIn: defer((c) => c.push.optIn) },
  geofence: { start: defer((c) => c.geofence.start), stop: defer((c) => c.geofence.stop) },
};
