/**
 * The User Durable Object's replaceable dependencies: clock, catalog reader, performer,
 * fetch, stats sink.
 * Production uses the defaults. Tests (which run in the same isolate as the object) swap them
 * with `setUserObjectDeps` and restore them with `resetUserObjectDeps`; the object reads them on
 * every call, so a swap takes effect at once.
 *
 * @example
 * const clock = new ManualClock(Date.parse("2026-01-05T09:00:00Z"));
 * setUserObjectDeps({ clock, catalog: () => fakeCatalog });
 */
import { createCatalogReader } from "../catalog/reader.ts";
import type { CatalogReader } from "../catalog/types.ts";
import { systemClock, type Clock } from "../lib/clock.ts";
import { deliveryPerformer } from "./delivery/delivery-performer.ts";
import type { PerformerHost } from "./delivery/performer-host.ts";
import type { Performer } from "./outbox/performer.ts";
import type { StatsDelta } from "./stats/stats-delta.ts";
import { emitStats } from "./stats/stats-sink.ts";

/** Where stats deltas go after each commit (default: the STATS queue when bound). */
export type StatsSink = (deltas: readonly StatsDelta[]) => Promise<void>;

export interface UserObjectDeps {
  clock: Clock;
  catalog(env: Env): CatalogReader;
  /** The outbox's performer; `host` is the object it runs in (its store and id). */
  performer(env: Env, host: PerformerHost): Performer;
  fetch: typeof fetch;
  stats(env: Env): StatsSink;
}

const defaults: UserObjectDeps = {
  clock: systemClock,
  catalog: (env) => createCatalogReader(env),
  performer: (env, host) => deliveryPerformer({ env, host, fetch: () => userObjectDeps().fetch, now: () => userObjectDeps().clock.now() }),
  fetch: (input, init) => fetch(input, init),
  stats: (env) => (deltas) => emitStats(env, deltas),
};

let overrides: Partial<UserObjectDeps> = {};

/** The dependencies in force now. */
export function userObjectDeps(): UserObjectDeps {
  return { ...defaults, ...overrides };
}

/** Test hook: replaces some dependencies for every User Durable Object in this isolate. */
export function setUserObjectDeps(replacements: Partial<UserObjectDeps>): void {
  overrides = { ...overrides, ...replacements };
}

/** Test hook: back to the production defaults. */
export function resetUserObjectDeps(): void {
  overrides = {};
}
