/**
 * Validates catalog documents against the workspace: journeys with lookups into its templates,
 * segments and geofences (so a send naming a missing template is caught before publish).
 */
import type { Journey } from "../journey/schema/journey.ts";
import type { Segment } from "../journey/schema/segment.ts";
import { type Problem, type Validated, validateJourney, validateSegment } from "../journey/validate/index.ts";
import { withSchema } from "./d1-schema.ts";
import { listDocuments } from "./document-store.ts";
import type { Template } from "./types.ts";

export type { Problem, Validated };

/** Lookups into one workspace's catalog, as the journey validator takes them. */
export interface CatalogLookups {
  template(id: string): { channel: string } | undefined;
  segment(id: string): boolean;
  geofence(id: string): boolean;
}

/** Loads the workspace's template channels, segment ids and geofence ids from D1. */
export async function loadLookups(db: D1Database, workspace: string): Promise<CatalogLookups> {
  const [templates, segments, geofences] = await withSchema(db, () =>
    Promise.all([
      listDocuments<Template>(db, workspace, "template"),
      listDocuments<unknown>(db, workspace, "segment"),
      listDocuments<unknown>(db, workspace, "geofence"),
    ]),
  );
  const channels = new Map(templates.map((t) => [t.id, t.body.channel]));
  const segmentIds = new Set(segments.map((s) => s.id));
  const geofenceIds = new Set(geofences.map((g) => g.id));
  return {
    template: (id) => {
      const channel = channels.get(id);
      return channel === undefined ? undefined : { channel };
    },
    segment: (id) => segmentIds.has(id),
    geofence: (id) => geofenceIds.has(id),
  };
}

/** Every problem with a journey definition, given the workspace's catalog. Pure. */
export function checkJourney(input: unknown, lookups?: CatalogLookups): Validated<Journey> {
  return validateJourney(input, lookups);
}

/** Every problem with a segment definition. Pure. */
export function checkSegment(input: unknown): Validated<Segment> {
  return validateSegment(input);
}
