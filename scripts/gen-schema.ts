/**
 * Writes the published JSON Schemas from the validator the worker uses (one source of truth).
 *   npm run schema          (node scripts/gen-schema.ts)          write docs/*.schema.json
 *   npm run schema:check    (node scripts/gen-schema.ts --check)  exit 1 if a checked-in schema is out of date (CI)
 * `buildSchemas()` is the pure part, shared with test/scripts/schema-current.test.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { Journey } from "../worker/journey/schema/journey.ts";
import { Segment } from "../worker/journey/schema/segment.ts";

/** A schema file as it must be checked in: its path from the repository root and its exact text. */
export interface SchemaFile {
  file: string;
  text: string;
}

const targets = [
  { file: "docs/journey.schema.json", schema: Journey, id: "https://nudge.dev/schema/journey.json" },
  { file: "docs/segment.schema.json", schema: Segment, id: "https://nudge.dev/schema/segment.json" },
];

/**
 * The JSON Schema (draft 2020-12, input side) of every published definition, rendered exactly as
 * the checked-in files must read. Pure: no file or process access.
 */
export function buildSchemas(): SchemaFile[] {
  return targets.map(({ file, schema, id }) => {
    const json = { $id: id, ...z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) };
    return { file, text: JSON.stringify(json, null, 2) + "\n" };
  });
}

/** The repository root: the parent of this script's folder. */
const root = fileURLToPath(new URL("../", import.meta.url));

function readOrEmpty(file: string): string {
  try {
    return readFileSync(root + file, "utf8");
  } catch {
    return "";
  }
}

function main(check: boolean): number {
  let stale = 0;
  for (const { file, text } of buildSchemas()) {
    if (!check) {
      writeFileSync(root + file, text);
      console.log(`wrote ${file}`);
    } else if (readOrEmpty(file) !== text) {
      stale++;
      console.error(`${file} is out of date: run \`npm run schema\` and commit it`);
    }
  }
  if (check && stale === 0) console.log("schemas are current");
  return stale > 0 ? 1 : 0;
}

// Run only as a command, not when a test imports buildSchemas().
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.includes("--check"));
}
