/**
 * Writes the published JSON Schemas from the validator the worker uses (one source of truth).
 *   node scripts/gen-schema.ts          write docs/*.schema.json
 *   node scripts/gen-schema.ts --check  fail if a checked-in schema is out of date (CI)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { Journey } from "../worker/journey/schema/journey.ts";
import { Segment } from "../worker/journey/schema/segment.ts";

const targets = [
  { file: "docs/journey.schema.json", schema: Journey, id: "https://nudge.dev/schema/journey.json" },
  { file: "docs/segment.schema.json", schema: Segment, id: "https://nudge.dev/schema/segment.json" },
];

const check = process.argv.includes("--check");
let stale = 0;
for (const { file, schema, id } of targets) {
  const json = { $id: id, ...z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) };
  const text = JSON.stringify(json, null, 2) + "\n";
  if (!check) {
    writeFileSync(file, text);
    console.log(`wrote ${file}`);
    continue;
  }
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  if (current !== text) {
    stale++;
    console.error(`${file} is out of date: run \`npm run schema\` and commit it`);
  }
}
if (stale > 0) process.exit(1);
if (check) console.log("schemas are current");
