/**
 * The catalog: a workspace's journeys (drafts and immutable published versions), segments,
 * templates, geofences and settings. Admin routes write it; User Durable Objects read it through
 * a `CatalogReader`, which must never make the per-event path wait on one global object
 * (see docs/architecture.md for where it lives and how fast a publish propagates).
 */
import type { Journey } from "../journey/schema/journey.ts";
import type { Segment } from "../journey/schema/segment.ts";

export type JourneyStatus = "draft" | "active" | "paused" | "archived";

/** A journey as the runtime sees it: its current published version and its lifecycle status. */
export interface LiveJourney {
  id: string;
  version: number;
  /** active: takes new entries; paused: runs go on, no new entries; archived: runs end. */
  status: Exclude<JourneyStatus, "draft">;
  definition: Journey;
}

/** A stored message template: `channel` plus that channel's fields (Liquid strings). */
export interface Template {
  id: string;
  channel: string;
  [field: string]: unknown;
}

export interface Geofence {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** metres */
  radius: number;
}

/** Everything a User Durable Object needs to handle an input, for one workspace. */
export interface LiveCatalog {
  /** Changes whenever anything published changes; cheap to compare. */
  version: string;
  journeys: LiveJourney[];
  segments: Segment[];
  geofences: Geofence[];
}

export interface CatalogReader {
  /** The workspace's live catalog (cached; refreshed without a global round trip per event). */
  live(workspace: string): Promise<LiveCatalog>;
  /** An immutable published version; runs in flight finish on the version they started. */
  journeyVersion(workspace: string, journeyId: string, version: number): Promise<Journey | null>;
  template(workspace: string, templateId: string): Promise<Template | null>;
}
