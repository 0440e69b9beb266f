/**
 * Builds a workspace's live catalog from D1 (the source of truth) and publishes it to KV (what
 * User DOs read). Called after every admin change that affects the runtime, and by the reader
 * when KV has no snapshot yet (a fresh deployment).
 */
import type { Segment } from "../journey/schema/segment.ts";
import { contentHash } from "./content-hash.ts";
import { withSchema } from "./d1-schema.ts";
import { listDocuments } from "./document-store.ts";
import { liveCache } from "./isolate-cache.ts";
import { publishedJourneys } from "./journey-store.ts";
import { liveKey } from "./kv-keys.ts";
import type { Geofence, LiveCatalog } from "./types.ts";

export type CatalogEnv = Pick<Env, "CATALOG_DB" | "CATALOG_KV" | "NUDGE_CATALOG_TTL_MS">;

/** The live catalog as D1 has it now. `version` is a hash of its content. */
export async function buildLiveCatalog(db: D1Database, workspace: string): Promise<LiveCatalog> {
  const [journeys, segments, geofences] = await withSchema(db, () =>
    Promise.all([
      publishedJourneys(db, workspace),
      listDocuments<Segment>(db, workspace, "segment"),
      listDocuments<Geofence>(db, workspace, "geofence"),
    ]),
  );
  const content = { journeys, segments: segments.map((s) => s.body), geofences: geofences.map((g) => g.body) };
  const version = (await contentHash(content)).slice(0, 16);
  return { version, ...content };
}

/** Rebuilds the snapshot, writes it to KV and primes this isolate's cache. */
export async function publishLiveCatalog(env: CatalogEnv, workspace: string): Promise<LiveCatalog> {
  const live = await buildLiveCatalog(env.CATALOG_DB, workspace);
  await env.CATALOG_KV.put(liveKey(workspace), JSON.stringify(live));
  liveCache.set(workspace, live, liveTtl(env));
  return live;
}

/** The isolate TTL of live data (`NUDGE_CATALOG_TTL_MS`, default 5 s when unset or blank). */
export function liveTtl(env: Pick<Env, "NUDGE_CATALOG_TTL_MS">): number {
  const raw = env.NUDGE_CATALOG_TTL_MS?.trim() ?? "";
  // Number("") is 0: an unset variable must not turn the cache off (a KV read on every event).
  const ms = raw === "" ? Number.NaN : Number(raw);
  return Number.isFinite(ms) && ms >= 0 ? ms : 5_000;
}
