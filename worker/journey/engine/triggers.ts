/**
 * Triggers: does a signal (a user event, a segment change, an attribute change, a manual entry)
 * start this journey, and as which event? Non-event signals become pseudo-events, so every run
 * carries a `UserEvent` trigger that templates and property conditions can read.
 */
import { evaluateFilter, matchesEvent } from "../filter/evaluate-filter.ts";
import type { Journey } from "../schema/journey.ts";
import type { Trigger } from "../schema/triggers.ts";
import type { Attributes, Millis, UserEvent } from "../types.ts";

/** Something that may start a journey for a user. */
export type Signal =
  | { type: "event"; event: UserEvent }
  | { type: "segment"; segment: string; on: "enter" | "exit"; at: Millis }
  | { type: "attribute"; attribute: string; value: unknown; previous: unknown; at: Millis; attributes: Attributes }
  | { type: "manual"; at: Millis; properties?: Attributes };

/** What filters are evaluated against: the user's profile, zone and the current time. */
export interface TriggerScope {
  attributes: Attributes;
  timeZone: string;
  now: Millis;
}

/** The journey's triggers: `trigger` and any of `triggers`. */
export function journeyTriggers(definition: Journey): Trigger[] {
  return [...(definition.trigger === undefined ? [] : [definition.trigger]), ...(definition.triggers ?? [])];
}

/**
 * The event a run started by `signal` carries as its trigger, or null if no trigger matches.
 * Event triggers match by name and `where` (on the event's properties); geofence triggers match
 * "Geofence Entered"/"Geofence Exited" with property `geofence` = the fence id; segment signals
 * become "Segment Entered"/"Segment Exited" { segment }; attribute signals "Attribute Changed"
 * { attribute, value, previous }, with `where` evaluated on the profile after the change;
 * manual entries "Journey Entered".
 */
export function triggerEvent(definition: Journey, signal: Signal, scope: TriggerScope): UserEvent | null {
  const triggers = journeyTriggers(definition);
  switch (signal.type) {
    case "event":
      return triggers.some((t) => eventMatches(t, signal.event, scope)) ? signal.event : null;
    case "segment": {
      const hit = triggers.some((t) => t.type === "segment" && t.segment === signal.segment && t.on === signal.on);
      const name = signal.on === "enter" ? "Segment Entered" : "Segment Exited";
      return hit ? { name, properties: { segment: signal.segment }, at: signal.at } : null;
    }
    case "attribute": {
      const event: UserEvent = {
        name: "Attribute Changed",
        properties: { attribute: signal.attribute, value: signal.value, previous: signal.previous },
        at: signal.at,
      };
      const filterScope = { attributes: signal.attributes, event, timeZone: scope.timeZone, now: scope.now };
      const hit = triggers.some(
        (t) => t.type === "attribute" && t.attribute === signal.attribute && (t.where === undefined || evaluateFilter(t.where, filterScope).ok),
      );
      return hit ? event : null;
    }
    case "manual":
      return triggers.some((t) => t.type === "manual") ? { name: "Journey Entered", properties: { ...signal.properties }, at: signal.at } : null;
  }
}

function eventMatches(trigger: Trigger, event: UserEvent, scope: TriggerScope): boolean {
  if (trigger.type === "event") return matchesEvent({ event: trigger.event, where: trigger.where }, event, scope);
  if (trigger.type !== "geofence") return false;
  const name = trigger.on === "enter" ? "Geofence Entered" : "Geofence Exited";
  return event.name === name && event.properties["geofence"] === trigger.geofence;
}
