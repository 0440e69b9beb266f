/**
 * The catalog caches of this isolate, shared by the reader (User DOs) and the writer (admin
 * routes): an admin write primes them, so everything in the same isolate sees it at once; other
 * isolates see it when their entry expires (docs/architecture.md, "How fast a publish spreads").
 */
import type { Journey } from "../journey/schema/journey.ts";
import { TtlCache } from "./ttl-cache.ts";
import type { LiveCatalog, Template } from "./types.ts";

/** How long an isolate trusts its live snapshot and templates before re-reading KV. */
export const DEFAULT_LIVE_TTL_MS = 5_000;

/** Live snapshots by workspace. */
export const liveCache = new TtlCache<LiveCatalog>({ ttlMs: DEFAULT_LIVE_TTL_MS, max: 200 });
/** Immutable journey versions by KV key: cached for the life of the isolate (bounded). */
export const versionCache = new TtlCache<Journey | null>({ ttlMs: Number.POSITIVE_INFINITY, max: 500 });
/** Templates by KV key. */
export const templateCache = new TtlCache<Template | null>({ ttlMs: DEFAULT_LIVE_TTL_MS, max: 1000 });

/** Forgets everything this isolate cached (tests; never needed for correctness). */
export function clearCatalogCaches(): void {
  liveCache.clear();
  versionCache.clear();
  templateCache.clear();
}
