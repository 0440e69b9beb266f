/**
 * Evaluates journey/segment filters against a user's attributes and the event in scope, with a
 * human-readable reason for the trace. Used by triggers, check_attribute, wait_for_event, exit
 * rules, goals and segments. Pure; never throws on odd data (see ./ops.ts for each op's meaning).
 *
 * - `{ attribute, op, value }` reads `scope.attributes[attribute]` (dotted paths: "address.city").
 * - `{ property, op, value }` reads `scope.event.properties[property]` (dotted); the pseudo-property
 *   "$event" is the event's name. With no event in scope every property leaf is false, except
 *   `not_exists`, which is true.
 * - `{ all }` / `{ any }` / `{ not }` combine (short-circuit, left to right).
 */
import { FILTER_OPS, type Filter, type FilterOp } from "../schema/filter.ts";
import { safeTimeZone } from "../time/zoned.ts";
import type { UserEvent } from "../types.ts";
import { show } from "./compare.ts";
import { applyOp, type OpContext } from "./ops.ts";
import { readPath } from "./read-path.ts";

export interface FilterScope {
  attributes: Readonly<Record<string, unknown>>;
  event?: UserEvent | undefined;
  /** The user's IANA zone for date ops (invalid → UTC). */
  timeZone: string;
  now: number;
}

export interface FilterResult {
  ok: boolean;
  /** Why, for the trace: 'cart_items gt 0: 3 → true', 'any(…) → false'. */
  reason: string;
}

const MAX_DEPTH = 32;
const MAX_REASON = 400;

const clip = (text: string): string => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 3)}...` : text);
const isOp = (op: unknown): op is FilterOp => FILTER_OPS.some((known) => known === op);

type Leaf = Extract<Filter, { op: unknown }>;

function evaluateLeaf(leaf: Leaf, scope: FilterScope, ctx: OpContext): FilterResult {
  const valueText = leaf.value === undefined ? "" : ` ${show(leaf.value)}`;
  if (!isOp(leaf.op)) return { ok: false, reason: `unknown op ${show(leaf.op)} → false` };
  let subject: string;
  let actual: unknown;
  if ("attribute" in leaf) {
    subject = leaf.attribute;
    actual = readPath(scope.attributes, leaf.attribute);
  } else {
    subject = leaf.property === "$event" ? "$event" : `event.${leaf.property}`;
    if (!scope.event) {
      const ok = leaf.op === "not_exists";
      return { ok, reason: `${subject} ${leaf.op}${valueText}: no event → ${ok}` };
    }
    actual = leaf.property === "$event" ? scope.event.name : readPath(scope.event.properties, leaf.property);
  }
  const result = applyOp(leaf.op, actual, leaf.value, ctx);
  const note = result.note ? ` (${result.note})` : "";
  return { ok: result.ok, reason: `${subject} ${leaf.op}${valueText}: ${show(actual)} → ${result.ok}${note}` };
}

function evaluateNode(filter: Filter, scope: FilterScope, ctx: OpContext, depth: number): FilterResult {
  if (typeof filter !== "object" || filter === null) return { ok: false, reason: "invalid filter → false" };
  if (depth > MAX_DEPTH) return { ok: false, reason: "filter nested too deep → false" };
  if ("all" in filter) {
    if (!Array.isArray(filter.all)) return { ok: false, reason: "all: not a list → false" };
    const reasons: string[] = [];
    for (const child of filter.all) {
      const r = evaluateNode(child, scope, ctx, depth + 1);
      if (!r.ok) return { ok: false, reason: clip(`all → false: ${r.reason}`) };
      reasons.push(r.reason);
    }
    return { ok: true, reason: clip(`all(${reasons.join("; ")}) → true`) };
  }
  if ("any" in filter) {
    if (!Array.isArray(filter.any)) return { ok: false, reason: "any: not a list → false" };
    const reasons: string[] = [];
    for (const child of filter.any) {
      const r = evaluateNode(child, scope, ctx, depth + 1);
      if (r.ok) return { ok: true, reason: clip(`any → true: ${r.reason}`) };
      reasons.push(r.reason);
    }
    return { ok: false, reason: clip(`any(${reasons.join("; ")}) → false`) };
  }
  if ("not" in filter) {
    const r = evaluateNode(filter.not, scope, ctx, depth + 1);
    return { ok: !r.ok, reason: clip(`not(${r.reason}) → ${!r.ok}`) };
  }
  if (("attribute" in filter && typeof filter.attribute === "string") || ("property" in filter && typeof filter.property === "string")) {
    return evaluateLeaf(filter, scope, ctx);
  }
  return { ok: false, reason: "invalid filter → false" };
}

/**
 * Evaluates `filter` in `scope`. Never throws: malformed filters and odd values are false with
 * a reason.
 * @example
 * evaluateFilter({ attribute: "cart_items", op: "gt", value: 0 }, { attributes: { cart_items: 3 }, timeZone: "UTC", now })
 * // { ok: true, reason: "cart_items gt 0: 3 → true" }
 */
export function evaluateFilter(filter: Filter, scope: FilterScope): FilterResult {
  return evaluateNode(filter, scope, { timeZone: safeTimeZone(scope.timeZone), now: scope.now }, 0);
}

/**
 * True when `event` is named `matcher.event` and `matcher.where` (if any) holds with this event
 * in scope (property leaves read its properties, attribute leaves the user's).
 * @example matchesEvent({ event: "Order Completed", where: { property: "total", op: "gte", value: 50 } }, event, scope)
 */
export function matchesEvent(
  matcher: { event: string; where?: Filter | undefined },
  event: UserEvent,
  scope: Omit<FilterScope, "event">,
): boolean {
  if (event.name !== matcher.event) return false;
  return matcher.where === undefined || evaluateFilter(matcher.where, { ...scope, event }).ok;
}
