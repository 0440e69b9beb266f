import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSchemas } from "../../scripts/gen-schema.ts";
import { validateJourney, validateSegment } from "../../worker/journey/validate/index.ts";
import { cartAbandonment, edit, REMOVE } from "../journey/validate/fixtures.ts";
import { schemaErrors } from "./json-schema-subset.ts";

/** The node and trigger types PRODUCT.md section 2 lists: the published schema must offer each. */
const PRODUCT_NODE_TYPES = [
  "wait", "wait_until", "wait_for_event", "wait_for_time_slot", "end", "in_segment", "has_done_event", "check_attribute",
  "is_reachable", "split", "send", "survey", "update_attribute", "fetch_data", "webhook", "audience",
];
const PRODUCT_TRIGGER_TYPES = ["event", "segment", "attribute", "geofence", "manual"];

function published(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, "utf8"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value[key]` when both are objects, else `{}`. */
function objectAt(value: unknown, key: string): Record<string, unknown> {
  const found = isObject(value) ? value[key] : undefined;
  return isObject(found) ? found : {};
}

/** The `type` const of each alternative of the union `$defs[def]`. */
function typeConsts(schema: Record<string, unknown>, def: string): unknown[] {
  const union = objectAt(objectAt(schema, "$defs"), def);
  const options = union.oneOf ?? union.anyOf;
  if (!Array.isArray(options)) return [];
  return options.map((option: unknown) => objectAt(objectAt(option, "properties"), "type").const);
}

function examples(folder: string): [string, unknown][] {
  return readdirSync(`examples/${folder}`)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file): [string, unknown] => [file, JSON.parse(readFileSync(`examples/${folder}/${file}`, "utf8"))]);
}

const journeySchema = published("docs/journey.schema.json");
const segmentSchema = published("docs/segment.schema.json");

describe("the checked-in schemas are current", () => {
  it("builds one schema per published definition", () => {
    expect(buildSchemas().map((s) => s.file)).toEqual(["docs/journey.schema.json", "docs/segment.schema.json"]);
  });

  it.each(buildSchemas())("$file is exactly what `npm run schema` writes", ({ file, text }) => {
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("every docs/*.schema.json is generated (none left over)", () => {
    const onDisk = readdirSync("docs").filter((f) => f.endsWith(".schema.json")).map((f) => `docs/${f}`).sort();
    expect(onDisk).toEqual(buildSchemas().map((s) => s.file).sort());
  });
});

describe("the published journey schema", () => {
  it("offers every node type of PRODUCT.md, each as a `type` const", () => {
    expect([...typeConsts(journeySchema, "JourneyNode")].sort()).toEqual([...PRODUCT_NODE_TYPES].sort());
  });

  it("offers every trigger type of PRODUCT.md", () => {
    expect([...typeConsts(journeySchema, "Trigger")].sort()).toEqual([...PRODUCT_TRIGGER_TYPES].sort());
  });

  it("accepts the PRODUCT.md cart-abandonment example", () => {
    expect(schemaErrors(journeySchema, cartAbandonment())).toEqual([]);
  });

  it.each(examples("journeys"))("accepts seed journey %s", (_, journey) => {
    expect(schemaErrors(journeySchema, journey)).toEqual([]);
  });

  it.each<[string, [string, unknown][], string]>([
    ["an unknown node type", [["nodes.push.type", "sned"]], "nodes.push: oneOf"],
    ["a missing start", [["start", REMOVE]], "start: required"],
    ["a bad duration", [["goal.within", "3 days"]], "goal.within: pattern"],
    ["an unknown field", [["colour", "blue"]], "colour: false schema"],
    ["an unknown filter op", [["nodes.cart_not_empty.where.op", "greater"]], "nodes.cart_not_empty: oneOf"],
  ])("rejects %s, as the validator does", (_, changes, error) => {
    const journey = edit(cartAbandonment(), changes);
    expect(schemaErrors(journeySchema, journey)).toContain(error);
    expect(validateJourney(journey).ok).toBe(false);
  });
});

describe("the published segment schema", () => {
  it.each(examples("segments"))("accepts seed segment %s", (_, segment) => {
    expect(schemaErrors(segmentSchema, segment)).toEqual([]);
    expect(validateSegment(segment).ok).toBe(true);
  });

  it("rejects a segment without a name", () => {
    expect(schemaErrors(segmentSchema, { id: "d-30", inactive_for: "30d" })).toContain("name: required");
  });
});
