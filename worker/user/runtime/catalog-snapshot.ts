/**
 * The catalog as one input sees it: the workspace's live journeys and segments, plus every
 * published version that runs in flight are pinned to. Loaded (async) before the input's
 * synchronous transaction; published versions are immutable, so they are cached for the life of
 * the object.
 */
import type { CatalogReader, LiveCatalog, LiveJourney } from "../../catalog/types.ts";
import type { Journey } from "../../journey/types.ts";

export interface CatalogSnapshot {
  readonly live: LiveCatalog;
  /** The journey's live entry (status and current version), if it is published. */
  liveJourney(journeyId: string): LiveJourney | undefined;
  /** A published version: runs advance on the version they started with. Null if unknown. */
  definition(journeyId: string, version: number): Journey | null;
}

/** Immutable published versions already read, by `journeyId@version`. */
export type DefinitionCache = Map<string, Journey>;

const cacheKey = (journeyId: string, version: number): string => `${journeyId}@${version}`;

/**
 * Reads the live catalog and the pinned versions not cached yet.
 * @param pinned - (journey, version) pairs of active and goal-open runs
 */
export async function loadCatalogSnapshot(
  reader: CatalogReader,
  workspace: string,
  pinned: readonly { journeyId: string; version: number }[],
  cache: DefinitionCache,
): Promise<CatalogSnapshot> {
  const live = await reader.live(workspace);
  for (const j of live.journeys) cache.set(cacheKey(j.id, j.version), j.definition);
  const missing = pinned.filter((p) => !cache.has(cacheKey(p.journeyId, p.version)));
  const loaded = await Promise.all(missing.map((p) => reader.journeyVersion(workspace, p.journeyId, p.version)));
  missing.forEach((p, i) => {
    const definition = loaded[i];
    if (definition) cache.set(cacheKey(p.journeyId, p.version), definition);
  });
  const byId = new Map(live.journeys.map((j) => [j.id, j]));
  return {
    live,
    liveJourney: (journeyId) => byId.get(journeyId),
    definition: (journeyId, version) => cache.get(cacheKey(journeyId, version)) ?? null,
  };
}
