/**
 * `createCatalogReader(env)`: how a User Durable Object reads the catalog. Reads go to this
 * isolate's cache first, then KV (edge-cached), and only to D1 when KV has never been written —
 * so the per-event path never waits on one global object. Live data is trusted for
 * `NUDGE_CATALOG_TTL_MS` (default 5 s); immutable journey versions are cached for good.
 *
 * @example
 * const catalog = createCatalogReader(env);
 * const live = await catalog.live("demo");
 * const v1 = await catalog.journeyVersion("demo", "cart-abandonment", 1);
 */
import type { Journey } from "../journey/schema/journey.ts";
import { withSchema } from "./d1-schema.ts";
import { getDocument } from "./document-store.ts";
import { liveCache, templateCache, versionCache } from "./isolate-cache.ts";
import { getVersion } from "./journey-store.ts";
import { liveKey, templateKey, versionKey } from "./kv-keys.ts";
import { type CatalogEnv, liveTtl, publishLiveCatalog } from "./snapshot.ts";
import type { CatalogReader, LiveCatalog, Template } from "./types.ts";

/** A reader over `env`'s catalog bindings (CATALOG_KV, with CATALOG_DB as the fallback). */
export function createCatalogReader(env: CatalogEnv): CatalogReader {
  const ttl = liveTtl(env);
  return {
    live: (workspace) => liveCache.get(workspace, () => loadLive(env, workspace), ttl),
    journeyVersion: async (workspace, journeyId, version) => {
      const key = versionKey(workspace, journeyId, version);
      const found = await versionCache.get(key, () => loadVersion(env, workspace, journeyId, version));
      // A missing version may be published later: only present ones are cached for good.
      if (found === null) versionCache.delete(key);
      return found;
    },
    template: (workspace, templateId) => templateCache.get(templateKey(workspace, templateId), () => loadTemplate(env, workspace, templateId), ttl),
  };
}

async function loadLive(env: CatalogEnv, workspace: string): Promise<LiveCatalog> {
  const stored = await env.CATALOG_KV.get<LiveCatalog>(liveKey(workspace), "json");
  return stored ?? publishLiveCatalog(env, workspace);
}

async function loadVersion(env: CatalogEnv, workspace: string, journeyId: string, version: number): Promise<Journey | null> {
  const key = versionKey(workspace, journeyId, version);
  const stored = await env.CATALOG_KV.get<Journey>(key, "json");
  if (stored !== null) return stored;
  const db = env.CATALOG_DB;
  const definition = await withSchema(db, () => getVersion(db, workspace, journeyId, version));
  if (definition !== null) await env.CATALOG_KV.put(key, JSON.stringify(definition));
  return definition;
}

async function loadTemplate(env: CatalogEnv, workspace: string, templateId: string): Promise<Template | null> {
  const stored = await env.CATALOG_KV.get<Template>(templateKey(workspace, templateId), "json");
  if (stored !== null) return stored;
  const db = env.CATALOG_DB;
  const doc = await withSchema(db, () => getDocument<Template>(db, workspace, "template", templateId));
  return doc === null ? null : doc.body;
}
