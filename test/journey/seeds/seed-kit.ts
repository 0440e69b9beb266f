/**
 * Shared by the seed-journey tests: loads examples/ (journeys, segments, templates), builds the
 * validator's catalog from them, and runs `simulate()` with the seed segments and short helpers
 * for reading its result.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { Journey } from "../../../worker/journey/schema/journey.ts";
import type { Segment } from "../../../worker/journey/schema/segment.ts";
import { simulate } from "../../../worker/journey/simulate/index.ts";
import type { SimulationProfile, SimulationResult, TimelineItem } from "../../../worker/journey/simulate/index.ts";
import type { Catalog } from "../../../worker/journey/validate/index.ts";

const examples = new URL("../../../examples/", import.meta.url);

function readDir(dir: string): Array<{ file: string; json: unknown }> {
  const url = new URL(`${dir}/`, examples);
  return readdirSync(url)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, json: JSON.parse(readFileSync(new URL(file, url), "utf8")) as unknown }));
}

export const journeyFiles = readDir("journeys");
export const segmentFiles = readDir("segments");
export const templateFiles = readDir("templates");

/** The seed journey file `NN-name.json` as raw JSON (tests validate it before use). */
export function rawJourney(file: string): unknown {
  const found = journeyFiles.find((j) => j.file === file);
  if (found === undefined) throw new Error(`no examples/journeys/${file}`);
  return found.json;
}

/** The seed journey file, typed. Every seed validates (see catalog.test.ts). */
export function journey(file: string): Journey {
  return rawJourney(file) as Journey;
}

export const segments: Segment[] = segmentFiles.map((s) => s.json as Segment);

const templateChannels = new Map(
  templateFiles.map(({ json }) => {
    const t = json as { id: string; channel: string };
    return [t.id, t.channel] as const;
  }),
);

/** The validator's catalog over examples/templates and examples/segments. */
export const catalog: Catalog = {
  template: (id) => {
    const channel = templateChannels.get(id);
    return channel === undefined ? undefined : { channel };
  },
  segment: (id) => segments.some((s) => s.id === id),
};

/** Runs `definition` with the seed segments. */
export function run(
  definition: Journey,
  profile: Partial<SimulationProfile> & { traits?: Record<string, unknown> },
  timeline: TimelineItem[],
  until: string,
  start?: string,
): SimulationResult {
  const fullProfile: SimulationProfile = { userId: "user-1", ...profile, traits: profile.traits ?? {} };
  return simulate(definition, fullProfile, timeline, { until, segments, ...(start === undefined ? {} : { start }) });
}

/** "channel template @ ISO" for each message, in order: one readable line per send. */
export function sends(result: SimulationResult): string[] {
  return result.messages.map((m) => `${m.channel} ${m.template} @ ${m.at}${m.status === "sent" ? "" : ` (${m.status})`}`);
}

/** "runId reason @ ISO" for each run (or "runId active"). */
export function ends(result: SimulationResult): string[] {
  return result.runs.map((r) => (r.endedAt === undefined ? `${r.id} active` : `${r.id} ${r.endReason} @ ${r.endedAt}`));
}
