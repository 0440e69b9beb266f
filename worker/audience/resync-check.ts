/**
 * The User Durable Object's side of a backfill: before re-evaluating, make sure the object's
 * catalog already has the segment definition being backfilled (its isolate may have cached an
 * older live snapshot for a few seconds; KV may lag across locations).
 */
import { canonicalJson } from "../catalog/content-hash.ts";
import { liveCache } from "../catalog/isolate-cache.ts";
import type { CatalogReader, LiveCatalog } from "../catalog/types.ts";

/** What `resyncSegments()` answers. */
export type ResyncResult =
  /** Re-evaluated: the segments the user is in now. */
  | { type: "done"; segments: string[] }
  /** The object's catalog does not have the expected definition yet: try again later. */
  | { type: "stale" }
  /** No such user (never seen, erased, or merged into a known user). */
  | { type: "absent" };

/** The definition a backfill expects the object to evaluate. */
export interface ResyncExpectation {
  segment: string;
  /** Canonical JSON of the segment as published. */
  definition: string;
}

/** True when `live` holds exactly the expected definition. Pure. */
export function hasDefinition(live: LiveCatalog, expect: ResyncExpectation): boolean {
  const segment = live.segments.find((s) => s.id === expect.segment);
  return segment !== undefined && canonicalJson(segment) === expect.definition;
}

/** Reads the live catalog, once more past this isolate's cache if it lacks the definition. */
export async function catalogHasDefinition(reader: CatalogReader, workspace: string, expect: ResyncExpectation): Promise<boolean> {
  if (hasDefinition(await reader.live(workspace), expect)) return true;
  liveCache.delete(workspace);
  return hasDefinition(await reader.live(workspace), expect);
}
