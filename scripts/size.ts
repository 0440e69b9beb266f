/**
 * Byte budgets of the browser SDK, gzip -9. `npm run size` builds public/sdk/, prints the sizes
 * and exits 1 when a budget is exceeded; test/sdk/size.test.ts runs the same check in `npm test`.
 */
import { gzipSync } from "node:zlib";
import { buildSdk, type BuiltFile } from "./build-sdk.ts";

/** KB = 1024 bytes, gzipped. */
export const BUDGETS = { core: 6 * 1024, sw: 3 * 1024, overlays: 10 * 1024, total: 20 * 1024 } as const;
export type Group = keyof typeof BUDGETS;
const GROUPS: Group[] = ["core", "sw", "overlays", "total"];

/** Published gzip sizes of peers' web SDKs, for reference only. */
export const PEERS = { Braze: 57 * 1024, Segment: 44 * 1024, OneSignal: 46 * 1024 };

export interface Measured {
  files: { name: string; bytes: number; gzip: number }[];
  groups: Record<Group, number>;
}

const gz = (b: Uint8Array): number => gzipSync(b, { level: 9 }).length;

/**
 * Sizes per file and per budget group. `overlays` is overlays.js with the chunks it imports;
 * `total` is every file a site can load (nudge.mjs is left out: it is the same core as nudge.js
 * in another format, and a page loads one or the other).
 */
export function measure(files: readonly BuiltFile[]): Measured {
  const rows = files.map((f) => ({ name: f.name, bytes: f.contents.length, gzip: gz(f.contents) }));
  const size = (name: string): number => rows.find((r) => r.name == name)?.gzip ?? 0;
  const closure = (name: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(name)) return seen;
    seen.add(name);
    for (const i of files.find((f) => f.name == name)?.imports ?? []) closure(i, seen);
    return seen;
  };
  const sum = (names: Iterable<string>): number => [...names].reduce((n, f) => n + size(f), 0);
  return {
    files: rows,
    groups: {
      core: size("nudge.js"),
      sw: size("nudge-sw.js"),
      overlays: sum(closure("overlays.js")),
      total: sum(rows.map((r) => r.name).filter((n) => n != "nudge.mjs")),
    },
  };
}

/** Groups over budget, as readable lines (empty when all fit). */
export function overBudget(m: Measured): string[] {
  return GROUPS.filter((g) => m.groups[g] > BUDGETS[g]).map((g) => `${g}: ${m.groups[g]} B gzip > budget ${BUDGETS[g]} B`);
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** The printed report. */
export function report(m: Measured): string {
  const lines = ["file                 raw        gzip", ...m.files.map((f) => `${f.name.padEnd(20)} ${kb(f.bytes).padStart(9)}  ${kb(f.gzip).padStart(9)}`), ""];
  for (const g of GROUPS) lines.push(`${g.padEnd(9)} ${kb(m.groups[g]).padStart(9)} of ${kb(BUDGETS[g])}${m.groups[g] > BUDGETS[g] ? "  OVER BUDGET" : ""}`);
  lines.push("", `for reference (gzip): ${Object.entries(PEERS).map(([k, v]) => `${k} ${kb(v)}`).join(", ")}`);
  return lines.join("\n");
}

if (process.argv[1]?.endsWith("size.ts")) {
  const m = measure(await buildSdk());
  console.log(report(m));
  const over = overBudget(m);
  if (over.length) {
    console.error(over.join("\n"));
    process.exit(1);
  }
}
