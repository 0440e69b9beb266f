/**
 * The segment index of a catalog snapshot (worker/journey/segments/segment-index.ts), built once
 * per snapshot: cached per segment array, which the isolate's catalog cache shares between the
 * objects that read the same snapshot (and a pass reuses its object's index while the catalog
 * version is unchanged, even when the array is a new copy).
 */
import type { Segment } from "../journey/schema/segment.ts";
import { buildSegmentIndex, type SegmentIndex } from "../journey/segments/segment-index.ts";

const cache = new WeakMap<readonly Segment[], SegmentIndex>();

/** The index of `segments` (a live catalog's segment list). */
export function segmentIndex(segments: readonly Segment[]): SegmentIndex {
  let index = cache.get(segments);
  if (index === undefined) {
    index = buildSegmentIndex(segments);
    cache.set(segments, index);
  }
  return index;
}
