/** Every seed journey starts and runs under the engine without reaching a broken node. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { startRun } from "../../../worker/journey/engine/start-run.ts";
import { triggerEvent, journeyTriggers, type Signal } from "../../../worker/journey/engine/triggers.ts";
import { Journey } from "../../../worker/journey/schema/journey.ts";
import type { Trigger } from "../../../worker/journey/schema/triggers.ts";
import { fakeUser, feed, t } from "./helpers.ts";

const dir = new URL("../../../examples/journeys/", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const NOW = t("2024-06-03T10:00:00Z");

/** A signal that fires the trigger, with properties its where-filters most likely want. */
function signalFor(trigger: Trigger, attributes: Record<string, unknown>): Signal {
  switch (trigger.type) {
    case "event": return { type: "event", event: { name: trigger.event, properties: {}, at: NOW } };
    case "geofence": return { type: "event", event: { name: trigger.on === "enter" ? "Geofence Entered" : "Geofence Exited", properties: { geofence: trigger.geofence }, at: NOW } };
    case "segment": return { type: "segment", segment: trigger.segment, on: trigger.on, at: NOW };
    case "attribute": return { type: "attribute", attribute: trigger.attribute, value: attributes[trigger.attribute], previous: null, at: NOW, attributes };
    case "manual": return { type: "manual", at: NOW };
  }
}

describe("seed journeys", () => {
  it("are all present", () => {
    expect(files).toHaveLength(10);
  });

  it.each(files)("%s starts from its first trigger and never hits a missing node", (file) => {
    const def = Journey.parse(JSON.parse(readFileSync(new URL(file, dir), "utf8")));
    const attributes = { emi_due_date: "2024-07-20", cart_items: 2, score: 0 };
    const user = fakeUser({ attributes, reachable: ["email", "web_push"], segments: ["engaged"] });
    const first = journeyTriggers(def)[0];
    expect(first).toBeDefined();
    const trigger = first === undefined ? null : triggerEvent(def, signalFor(first, attributes), { attributes, timeZone: "UTC", now: NOW });
    expect(trigger).not.toBeNull();
    if (trigger === null) return;
    let step = startRun({ definition: def, version: 1, runId: "r1", trigger, key: "", now: NOW, user });
    // Let every timer fire and every fetch succeed until the run ends.
    let clock = NOW;
    for (let i = 0; i < 50 && step.run.status === "active"; i++) {
      const w = step.run.waiting;
      if (w === null) break;
      if (w.type === "data") {
        step = feed(def, step, { type: "data", requestKey: w.requestKey, ok: true, data: {} }, clock, user);
      } else {
        clock = w.at;
        step = feed(def, step, { type: "timer", timerId: w.timerId }, clock, user);
      }
    }
    expect(step.run.status).toBe("ended");
    expect(step.run.endReason).toBe("completed");
  });
});
