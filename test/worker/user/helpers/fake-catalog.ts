/**
 * An in-memory CatalogReader for User Durable Object tests: publish creates an immutable version,
 * pause/archive change the live status, segments are set directly.
 */
import type { CatalogReader, JourneyStatus, LiveCatalog, LiveJourney, Template } from "../../../../worker/catalog/types.ts";
import { Journey } from "../../../../worker/journey/schema/journey.ts";
import { Segment } from "../../../../worker/journey/schema/segment.ts";

export class FakeCatalog implements CatalogReader {
  #versions = new Map<string, Journey[]>();
  #status = new Map<string, Exclude<JourneyStatus, "draft">>();
  #segments: Segment[] = [];
  #revision = 0;
  /** How many times `live()` was read. */
  reads = 0;
  /** When set, reads fail (the catalog is unreachable). */
  failing = false;

  /** Validates and publishes `definition` as the journey's next version; returns the version. */
  publish(definition: unknown): number {
    const journey = Journey.parse(definition);
    const list = this.#versions.get(journey.id) ?? [];
    list.push(journey);
    this.#versions.set(journey.id, list);
    this.#status.set(journey.id, "active");
    this.#revision += 1;
    return list.length;
  }

  setStatus(journeyId: string, status: Exclude<JourneyStatus, "draft">): void {
    this.#status.set(journeyId, status);
    this.#revision += 1;
  }

  setSegments(segments: unknown[]): void {
    this.#segments = segments.map((s) => Segment.parse(s));
    this.#revision += 1;
  }

  async live(): Promise<LiveCatalog> {
    this.reads += 1;
    if (this.failing) throw new Error("catalog unreachable");
    const journeys: LiveJourney[] = [];
    for (const [id, list] of this.#versions) {
      const definition = list.at(-1);
      const status = this.#status.get(id);
      if (definition && status) journeys.push({ id, version: list.length, status, definition });
    }
    return { version: String(this.#revision), journeys, segments: this.#segments, geofences: [] };
  }

  async journeyVersion(_workspace: string, journeyId: string, version: number): Promise<Journey | null> {
    return this.#versions.get(journeyId)?.[version - 1] ?? null;
  }

  async template(): Promise<Template | null> {
    return null;
  }
}
