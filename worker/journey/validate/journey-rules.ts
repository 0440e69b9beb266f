/**
 * Rules on the journey's top-level parts: exactly one of `trigger`/`triggers`, sensible entry,
 * goal and exit rules, and trigger events that name something.
 */
import { field, has } from "./path.ts";
import type { Problem } from "./problem.ts";
import { blankEventName, durationProblems } from "./shared-rules.ts";

/** A trigger as written, with where it sits. */
export interface RawTrigger {
  value: unknown;
  path: (string | number)[];
}

/** The triggers of an unvalidated journey: `trigger`, and/or every item of `triggers`. */
export function rawTriggers(journey: unknown): RawTrigger[] {
  const found: RawTrigger[] = [];
  if (has(journey, "trigger")) found.push({ value: field(journey, "trigger"), path: ["trigger"] });
  const many = field(journey, "triggers");
  if (Array.isArray(many)) many.forEach((value: unknown, index) => found.push({ value, path: ["triggers", index] }));
  return found;
}

/** Every top-level rule problem of an unvalidated journey. */
export function journeyRuleProblems(journey: unknown): Problem[] {
  return [
    ...triggerCount(journey),
    ...rawTriggers(journey).flatMap(({ value, path }) => (field(value, "type") === "event" ? blankEventName(value, "event", path) : [])),
    ...durationProblems(field(field(journey, "entry"), "reentry"), "after", ["entry", "reentry"],
      'a user could re-enter at once; use "always" for that, or give a real delay'),
    ...blankEventName(field(journey, "goal"), "event", ["goal"]),
    ...durationProblems(field(journey, "goal"), "within", ["goal"], "no conversion can ever count"),
    ...exitEvents(journey),
  ];
}

function triggerCount(journey: unknown): Problem[] {
  const one = has(journey, "trigger");
  const many = has(journey, "triggers");
  if (one && many) {
    return [{ path: "triggers", code: "conflicting_triggers", message: 'use either "trigger" (one) or "triggers" (any of several), not both' }];
  }
  if (!one && !many) {
    return [{ path: "", code: "missing_trigger", message: 'a journey needs a "trigger" (or "triggers": a list, any of which starts it), e.g. { "type": "event", "event": "Added To Cart" }' }];
  }
  return [];
}

function exitEvents(journey: unknown): Problem[] {
  const events = field(field(journey, "exit"), "events");
  if (!Array.isArray(events)) return [];
  return events.flatMap((matcher: unknown, index) => blankEventName(matcher, "event", ["exit", "events", index]));
}
