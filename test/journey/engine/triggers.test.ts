import { describe, expect, it } from "vitest";
import { triggerEvent, type Signal } from "../../../worker/journey/engine/triggers.ts";
import type { Journey } from "../../../worker/journey/schema/journey.ts";
import type { UserEvent } from "../../../worker/journey/types.ts";
import { event, journey, t } from "./helpers.ts";

const NOW = t("2024-06-10T10:00:00Z");
const scope = { attributes: {}, timeZone: "UTC", now: NOW };
const end = { e: { type: "end" } } as const;
const withTriggers = (triggers: NonNullable<Journey["triggers"]>): Journey => journey(end, { trigger: undefined, triggers });

const multi = withTriggers([
  { type: "event", event: "Added To Cart", where: { property: "price", op: "gte", value: 10 } },
  { type: "geofence", geofence: "store-12", on: "enter" },
  { type: "segment", segment: "d-30", on: "enter" },
  { type: "attribute", attribute: "emi_due_date", where: { attribute: "emi_due_date", op: "exists" } },
  { type: "manual" },
]);

describe("triggerEvent", () => {
  it.each<[string, Signal, UserEvent | null]>([
    ["an event matching name and where", { type: "event", event: event("Added To Cart", NOW, { price: 12 }) }, event("Added To Cart", NOW, { price: 12 })],
    ["an event failing where", { type: "event", event: event("Added To Cart", NOW, { price: 5 }) }, null],
    ["another event", { type: "event", event: event("Page Viewed", NOW) }, null],
    ["a geofence entry for the fence", { type: "event", event: event("Geofence Entered", NOW, { geofence: "store-12" }) }, event("Geofence Entered", NOW, { geofence: "store-12" })],
    ["a geofence entry for another fence", { type: "event", event: event("Geofence Entered", NOW, { geofence: "store-13" }) }, null],
    ["a geofence exit (trigger wants enter)", { type: "event", event: event("Geofence Exited", NOW, { geofence: "store-12" }) }, null],
    ["entering the segment", { type: "segment", segment: "d-30", on: "enter", at: NOW }, event("Segment Entered", NOW, { segment: "d-30" })],
    ["leaving the segment (trigger wants enter)", { type: "segment", segment: "d-30", on: "exit", at: NOW }, null],
    [
      "the attribute set",
      { type: "attribute", attribute: "emi_due_date", value: "2024-07-01", previous: null, at: NOW, attributes: { emi_due_date: "2024-07-01" } },
      event("Attribute Changed", NOW, { attribute: "emi_due_date", value: "2024-07-01", previous: null }),
    ],
    ["the attribute removed (where: exists fails)", { type: "attribute", attribute: "emi_due_date", value: undefined, previous: "2024-07-01", at: NOW, attributes: {} }, null],
    ["another attribute", { type: "attribute", attribute: "city", value: "Pune", previous: null, at: NOW, attributes: { city: "Pune" } }, null],
    ["a manual entry", { type: "manual", at: NOW, properties: { source: "csv" } }, event("Journey Entered", NOW, { source: "csv" })],
  ])("%s", (_label, signal, expected) => {
    expect(triggerEvent(multi, signal, scope)).toEqual(expected);
  });

  it("reads the single `trigger` too, and a manual signal does not start an event journey", () => {
    const single = journey(end, { trigger: { type: "event", event: "Signed Up" } });
    expect(triggerEvent(single, { type: "event", event: event("Signed Up", NOW) }, scope)?.name).toBe("Signed Up");
    expect(triggerEvent(single, { type: "manual", at: NOW }, scope)).toBeNull();
    expect(triggerEvent(single, { type: "segment", segment: "d-30", on: "enter", at: NOW }, scope)).toBeNull();
  });

  it("segment exit and geofence exit triggers", () => {
    const exits = withTriggers([{ type: "segment", segment: "engaged", on: "exit" }, { type: "geofence", geofence: "s1", on: "exit" }]);
    expect(triggerEvent(exits, { type: "segment", segment: "engaged", on: "exit", at: NOW }, scope)).toEqual(event("Segment Exited", NOW, { segment: "engaged" }));
    expect(triggerEvent(exits, { type: "event", event: event("Geofence Exited", NOW, { geofence: "s1" }) }, scope)?.name).toBe("Geofence Exited");
  });

  it("an attribute trigger's where reads the profile after the change", () => {
    const drop = withTriggers([{ type: "attribute", attribute: "score", where: { attribute: "score", op: "lt", value: -100 } }]);
    const signal = (score: number): Signal => ({ type: "attribute", attribute: "score", value: score, previous: -90, at: NOW, attributes: { score } });
    expect(triggerEvent(drop, signal(-110), scope)).not.toBeNull();
    expect(triggerEvent(drop, signal(-95), scope)).toBeNull();
  });
});
