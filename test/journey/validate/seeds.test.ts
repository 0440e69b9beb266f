import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateJourney, validateSegment, type Catalog } from "../../../worker/journey/validate/index.ts";
import { problemsOf } from "./fixtures.ts";

/** Every JSON file of an examples/ folder, parsed, by file name. */
function examples(folder: string): [string, unknown][] {
  const dir = `examples/${folder}`;
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file): [string, unknown] => [file, JSON.parse(readFileSync(`${dir}/${file}`, "utf8"))]);
}

function idOf(value: unknown): string {
  return typeof value === "object" && value !== null && "id" in value && typeof value.id === "string" ? value.id : "";
}

const templates = new Map(examples("templates").map(([, value]) => {
  const channel = typeof value === "object" && value !== null && "channel" in value ? String(value.channel) : "";
  return [idOf(value), { channel }];
}));
const segments = new Set(examples("segments").map(([, value]) => idOf(value)));
const catalog: Catalog = { template: (id) => templates.get(id), segment: (id) => segments.has(id) };

describe("the seed catalog validates clean", () => {
  it.each(examples("journeys"))("journey %s, with its templates and segments looked up", (_, journey) => {
    expect(problemsOf(validateJourney(journey, catalog))).toEqual([]);
  });

  it.each(examples("segments"))("segment %s", (_, segment) => {
    expect(problemsOf(validateSegment(segment))).toEqual([]);
  });

  it("covers all ten journeys", () => {
    expect(examples("journeys")).toHaveLength(10);
  });
});
