import { describe, expect, it } from "vitest";
import { validateTemplate } from "../../../worker/templates/index.ts";
import { validateJourney, validateSegment } from "../../../worker/journey/validate/index.ts";
import { catalog, journeyFiles, segmentFiles, templateFiles } from "./seed-kit.ts";

describe("examples/", () => {
  it("has the ten seed journeys, numbered 01 to 10", () => {
    expect(journeyFiles.map((j) => j.file)).toEqual([
      "01-app-downloads.json",
      "02-cart-abandonment.json",
      "03-window-shoppers.json",
      "04-engagement-score.json",
      "05-cold-user-reactivation.json",
      "06-free-trial-to-paid.json",
      "07-emi-reminders.json",
      "08-student-progress.json",
      "09-course-recommendations.json",
      "10-churn-prediction.json",
    ]);
  });

  it.each(journeyFiles)("journey $file validates clean against the example catalog", ({ json }) => {
    const result = validateJourney(json, catalog);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each(segmentFiles)("segment $file validates", ({ file, json }) => {
    const result = validateSegment(json);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(file).toBe(`${(json as { id: string }).id}.json`);
  });

  it.each(templateFiles)("template $file validates (schema and Liquid)", ({ file, json }) => {
    const result = validateTemplate(json);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(file).toBe(`${(json as { id: string }).id}.json`);
  });

  it("the catalog refuses a journey that names a missing template or segment", () => {
    const broken = {
      id: "broken",
      name: "Broken",
      trigger: { type: "segment", segment: "no-such-segment", on: "enter" },
      start: "send",
      nodes: { send: { type: "send", channel: "sms", template: "cart-email", next: "end" }, end: { type: "end" } },
    };
    const result = validateJourney(broken, catalog);
    expect(result.ok ? [] : result.problems.map((p) => p.code).sort()).toEqual(["template_channel_mismatch", "unknown_segment"]);
  });
});
