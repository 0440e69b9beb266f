import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FILTER_OPS, Filter } from "../../worker/journey/schema/filter.ts";
import { JourneyNode } from "../../worker/journey/schema/nodes.ts";
import { NODE_TYPES, TRIGGER_TYPES } from "../../worker/journey/validate/known-shapes.ts";
import { validateJourney, validateSegment } from "../../worker/journey/validate/index.ts";

const doc = readFileSync("docs/journeys.md", "utf8");

/** Every ```json block of the doc, parsed; fragments such as `"entry": {…}` are read inside braces. */
const blocks: unknown[] = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => {
  const text = match[1] ?? "";
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(`{${text}}`);
  }
});

function typeOf(value: unknown): unknown {
  return typeof value === "object" && value !== null && "type" in value ? value.type : undefined;
}

function blockAfter(heading: string, skip = 0): unknown {
  const before = doc.slice(0, doc.indexOf(heading)).match(/```json/g)?.length ?? 0;
  return blocks[before + skip];
}

/** Problem codes the validator can emit: literal `code: "…"` in its sources, and the codes built from parts. */
function emittedCodes(): string[] {
  const dir = "worker/journey/validate";
  const codes = new Set(["too_small", "too_big", "unknown_segment", "unknown_geofence"]);
  for (const file of readdirSync(dir)) {
    const lines = readFileSync(`${dir}/${file}`, "utf8").split("\n").filter((line) => !line.includes("Extract<"));
    for (const match of lines.join("\n").matchAll(/code: "([a-z_]+)"/g)) codes.add(match[1] ?? "");
  }
  for (const match of readFileSync(`${dir}/zod-problems.ts`, "utf8").matchAll(/"(unknown_\w+_type|invalid_node_id|invalid_key)"/g)) codes.add(match[1] ?? "");
  return [...codes].sort();
}

describe("docs/journeys.md stays true to the code", () => {
  it("every JSON example parses", () => {
    expect(blocks.length).toBeGreaterThan(20);
  });

  it("the complete example validates clean", () => {
    expect(validateJourney(blockAfter("## A complete example"))).toMatchObject({ ok: true });
  });

  it("every node example is a valid node of its type", () => {
    const nodes = blocks.filter((block) => NODE_TYPES.includes(String(typeOf(block))));
    expect(new Set(nodes.map(typeOf))).toEqual(new Set(NODE_TYPES));
    for (const node of nodes) expect(JourneyNode.safeParse(node).error?.issues ?? []).toEqual([]);
  });

  it("the filter example is a valid filter", () => {
    expect(Filter.safeParse(blockAfter("## Segments", -1)).success).toBe(true);
  });

  it("the segment example is a valid segment", () => {
    expect(validateSegment(blockAfter("## Segments"))).toMatchObject({ ok: true });
  });

  it("the example error list is exactly what the validator reports", () => {
    const journey = blockAfter("For example, this journey has five mistakes");
    const listed = blockAfter("For example, this journey has five mistakes", 1);
    const result = validateJourney(journey, { template: (id) => (id === "cart-push" ? { channel: "web_push" } : undefined) });
    expect(result.ok ? [] : result.problems).toEqual(listed);
  });

  it.each([...NODE_TYPES, ...TRIGGER_TYPES, ...FILTER_OPS])("documents `%s`", (name) => {
    expect(doc).toContain(`\`${name}\``);
  });

  it.each(emittedCodes())("documents problem code `%s`", (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
