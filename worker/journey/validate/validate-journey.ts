/**
 * Validates a journey definition and reports every problem it can find, each addressed by path.
 * The admin API calls it before publishing; the dashboard shows its problems next to the fields.
 * Pure; never throws, whatever the input.
 */
import { Journey } from "../schema/journey.ts";
import { conclude, safely } from "./conclude.ts";
import { filterProblems } from "./filter-rules.ts";
import { journeyFilterPaths } from "./filter-positions.ts";
import { graphProblems } from "./graph.ts";
import { guardInput } from "./input-guard.ts";
import { journeyRuleProblems } from "./journey-rules.ts";
import { keyScopeProblems } from "./key-scope-rules.ts";
import { nodeRuleProblems } from "./node-rules.ts";
import { isRecord, valueAt } from "./path.ts";
import type { Catalog, Problem, Validated } from "./problem.ts";
import { referenceProblems } from "./references.ts";

export type { Catalog, Problem, Validated } from "./problem.ts";

/**
 * Checks `input` against the journey schema and the rules the schema cannot state (graph,
 * loops, node rules, catalog references), and returns the parsed journey or every problem.
 * Checks keep going past schema failures, reading the raw graph as far as it can be read.
 * @param catalog optional lookups for templates, segments and geofences; each one missing skips its check
 * @example
 * const result = validateJourney(JSON.parse(body), { template: (id) => templates.get(id) });
 * if (!result.ok) return c.json({ problems: result.problems }, 400);
 */
export function validateJourney(input: unknown, catalog?: Catalog): Validated<Journey> {
  return safely("journey", () => {
    const context = { subject: "journey" as const, root: input };
    if (!isRecord(input)) return conclude(Journey.safeParse(input), context, []);
    const guard = guardInput(input);
    if (guard.some((problem) => problem.code === "too_large")) return { ok: false, problems: guard };
    const semantic: Problem[] = [
      ...journeyRuleProblems(input),
      ...keyScopeProblems(input),
      ...graphProblems(input),
      ...nodeRuleProblems(input),
      ...referenceProblems(input, catalog),
    ];
    // Circular or absurdly deep: the shallow checks above are safe, the recursive parse is not.
    if (guard.length > 0) return { ok: false, problems: [...guard, ...semantic] };
    const filters = journeyFilterPaths(input);
    semantic.push(...filters.flatMap((path) => filterProblems(valueAt(input, path), path)));
    return conclude(Journey.safeParse(input), { ...context, skip: filters }, semantic);
  });
}

