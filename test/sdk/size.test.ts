// @vitest-environment node
import { expect, test } from "vitest";
import { buildSdk } from "../../scripts/build-sdk.ts";
import { BUDGETS, measure, overBudget, report } from "../../scripts/size.ts";

test("the SDK stays inside its gzip budgets (core 6 KB, SW 3 KB, overlays 10 KB, all 20 KB)", async () => {
  const files = await buildSdk(undefined, false);
  const m = measure(files);
  console.log(report(m));
  expect(files.map((f) => f.name)).toEqual(expect.arrayContaining(["nudge.js", "nudge.mjs", "nudge-sw.js", "push.js", "geo.js", "inapp.js", "overlays.js"]));
  expect(overBudget(m)).toEqual([]);
  for (const g of ["core", "sw", "overlays", "total"] as const) expect(m.groups[g]).toBeLessThanOrEqual(BUDGETS[g]);
});

test("the core never bundles push, geofence, in-app or overlay code: they are separate chunks", async () => {
  const files = await buildSdk(undefined, false);
  const core = new TextDecoder().decode(files.find((f) => f.name == "nudge.js")?.contents);
  expect(core).not.toContain("Geofence Entered");
  expect(core).not.toContain("nudge-push-prompt");
  expect(core).not.toContain("In-App Shown");
  expect(core).not.toContain("all:initial");
  expect(core).toContain(".js`,"); // chunks load by URL, relative to the script's own src
});

test("overBudget names the group that is over", () => {
  const m = { files: [], groups: { core: 7000, sw: 100, overlays: 100, total: 7300 } };
  expect(overBudget(m)).toEqual(["core: 7000 B gzip > budget 6144 B"]);
});
