/**
 * Validates a segment definition and reports every problem it can find, each addressed by path.
 * Pure; never throws, whatever the input.
 */
import { Segment } from "../schema/segment.ts";
import { conclude, safely } from "./conclude.ts";
import { filterProblems } from "./filter-rules.ts";
import { segmentFilterPaths } from "./filter-positions.ts";
import { guardInput } from "./input-guard.ts";
import { field, isRecord, valueAt } from "./path.ts";
import type { Problem, Validated } from "./problem.ts";
import { blankEventName, durationProblems } from "./shared-rules.ts";

/**
 * Checks `input` against the segment schema, its filters and its windows, and returns the parsed
 * segment or every problem.
 * @example validateSegment({ id: "d-30", name: "Inactive 30 days", inactive_for: "30d" }) // { ok: true, value: … }
 */
export function validateSegment(input: unknown): Validated<Segment> {
  return safely("segment", () => {
    const context = { subject: "segment" as const, root: input };
    if (!isRecord(input)) return conclude(Segment.safeParse(input), context, []);
    const guard = guardInput(input);
    if (guard.length > 0) return { ok: false, problems: guard };
    const semantic = segmentRuleProblems(input);
    const filters = segmentFilterPaths(input);
    semantic.push(...filters.flatMap((path) => filterProblems(valueAt(input, path), path)));
    return conclude(Segment.safeParse(input), { ...context, skip: filters }, semantic);
  });
}

function segmentRuleProblems(segment: Record<string, unknown>): Problem[] {
  const problems = durationProblems(segment, "inactive_for", [], "every user would count as inactive at once");
  const events = field(segment, "events");
  if (!Array.isArray(events)) return problems;
  events.forEach((rule: unknown, index) => {
    problems.push(...blankEventName(rule, "event", ["events", index]));
    problems.push(...durationProblems(rule, "within", ["events", index], 'no event can fall in a zero-length window; leave "within" out to count all history'));
  });
  return problems;
}
