/**
 * The instants at which a segment's attribute filter can change value with no new input: only
 * `is_today` (at local midnight) and `before`/`after` against a relative duration ("-30d") depend
 * on the clock. Everything else in a filter only changes when the attributes do. Pure.
 */
import type { Filter } from "../schema/filter.ts";
import { readPath } from "../filter/read-path.ts";
import { filterLeaves } from "./filter-leaves.ts";
import { parseDateValue } from "../time/dates.ts";
import { addDuration, parseDuration } from "../time/duration.ts";
import { fromLocal, localParts } from "../time/zoned.ts";
import type { Attributes, Millis } from "../types.ts";

export interface Rechecks {
  /** Exact instants where a relative before/after comparison flips (and the ms after, for strictness). */
  exact: Millis[];
  /**
   * Instants to look again at even if nothing flips there: the next local midnight for `is_today`
   * (its next flip may be months away), and month/year offsets, whose inverse is approximate.
   */
  horizons: Millis[];
}

/** Next local midnight strictly after `now` in `timeZone`. */
export function nextLocalMidnight(now: Millis, timeZone: string): Millis {
  const p = localParts(now, timeZone);
  return fromLocal({ year: p.year, month: p.month, day: p.day + 1 }, timeZone);
}

/**
 * Future instants (> now) at which `filter`, read against `attributes`, may change value.
 * @example whereRechecks({ attribute: "trial_end", op: "after", value: "-7d" }, { trial_end: "2024-05-01T00:00:00Z" }, now, "UTC")
 * // { exact: [2024-05-08T00:00Z, +1ms], horizons: [] }
 */
export function whereRechecks(filter: Filter, attributes: Readonly<Attributes>, now: Millis, timeZone: string): Rechecks {
  const exact: Millis[] = [];
  const horizons: Millis[] = [];
  for (const leaf of filterLeaves(filter)) {
    if (leaf.op === "is_today" && "attribute" in leaf) horizons.push(nextLocalMidnight(now, timeZone));
    if ((leaf.op !== "before" && leaf.op !== "after") || !("attribute" in leaf) || typeof leaf.value !== "string") continue;
    const offset = parseDuration(leaf.value.trim());
    const date = parseDateValue(readPath(attributes, leaf.attribute), timeZone);
    if (offset === null || date === null) continue;
    // The comparison flips when now + offset crosses the attribute's date: now = date − offset.
    const flip = addDuration(date, { ...offset, sign: offset.sign === 1 ? -1 : 1 }, timeZone);
    const calendar = offset.unit === "mo" || offset.unit === "y";
    for (const t of [flip, flip + 1]) if (t > now) (calendar ? horizons : exact).push(t);
  }
  return { exact, horizons };
}
