import { describe, expect, it } from "vitest";
import { validateSegment } from "../../../worker/journey/validate/index.ts";
import { pairs, problemsOf, sortPairs } from "./fixtures.ts";

const repeatBrowser = {
  id: "repeat-browser",
  name: "Repeat browser",
  where: { attribute: "known", op: "eq", value: true },
  events: [{ event: "Product Viewed", count: { op: "gt", value: 3 }, within: "30d" }],
};

describe("validateSegment", () => {
  it("accepts a segment with a filter and an event rule", () => {
    expect(validateSegment(repeatBrowser)).toEqual({ ok: true, value: repeatBrowser });
  });

  it("accepts D-30, an inactivity window alone", () => {
    expect(validateSegment({ id: "d-30", name: "D-30", inactive_for: "30d" }).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, [string, string][]]>([
    ["missing name", { id: "a" }, [["name", "required"]]],
    ["bad id", { id: "D 30", name: "x" }, [["id", "invalid_format"]]],
    ["unknown field", { id: "a", name: "x", inactive: "30d" }, [["inactive", "unknown_field"]]],
    ["unknown field on an event rule", { id: "a", name: "x", events: [{ event: "Login", witin: "7d" }] }, [["events[0].witin", "unknown_field"]]],
    ["zero inactivity", { id: "a", name: "x", inactive_for: "0d" }, [["inactive_for", "zero_duration"]]],
    ["bad inactivity", { id: "a", name: "x", inactive_for: "a month" }, [["inactive_for", "invalid_duration"]]],
    ["blank event", { id: "a", name: "x", events: [{ event: " " }] }, [["events[0].event", "empty_event_name"]]],
    ["zero window", { id: "a", name: "x", events: [{ event: "Login", within: "0h" }] }, [["events[0].within", "zero_duration"]]],
    ["bad count", { id: "a", name: "x", events: [{ event: "Login", count: { op: "about", value: -1 } }] }, [["events[0].count.op", "invalid_value"], ["events[0].count.value", "too_small"]]],
    ["bad filter", { id: "a", name: "x", where: { all: [{ attribute: "plan", op: "in", value: "gold" }, { any: "x" }] } }, [["where.all[0].value", "invalid_filter_value"], ["where.all[1].any", "invalid_type"]]],
    ["bad event filter", { id: "a", name: "x", events: [{ event: "Login", where: { property: "", op: "exists" } }] }, [["events[0].where.property", "too_small"]]],
    ["no events listed", { id: "a", name: "x", events: [] }, [["events", "too_small"]]],
  ])("%s", (_, segment, expected) => {
    expect(pairs(validateSegment(segment))).toEqual(sortPairs(expected));
  });

  it("suggests the field meant on an event rule", () => {
    expect(problemsOf(validateSegment({ id: "a", name: "x", events: [{ event: "Login", witin: "7d" }] }))[0]?.message).toBe('unknown field "witin" on an event rule (did you mean "within"?)');
  });

  it("names the root when the segment is not an object", () => {
    expect(problemsOf(validateSegment("d-30"))).toEqual([{ path: "", code: "invalid_type", message: "a segment must be a JSON object ({ … }), not text" }]);
  });
});
