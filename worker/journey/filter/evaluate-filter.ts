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
 * - A malformed node (unknown op, not an object, `all` without a list, nesting deeper than 32)
 *   makes the whole filter false, even under `not`.
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

/** A result; `invalid` marks a malformed filter, which stays false even under `not`. */
interface NodeResult extends FilterResult {
  invalid?: true;
}

const invalid = (reason: string): NodeResult => ({ ok: false, reason: `${reason} → false`, invalid: true });

function evaluateLeaf(leaf: Leaf, scope: FilterScope, ctx: OpContext): NodeResult {
  const valueText = leaf.value === undefined ? "" : ` ${show(leaf.value)}`;
  if (!isOp(leaf.op)) return invalid(`unknown op ${show(leaf.op)}`);
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

function evaluateList(kind: "all" | "any", children: unknown, scope: FilterScope, ctx: OpContext, depth: number): NodeResult {
  if (!Array.isArray(children)) return invalid(`${kind}: not a list`);
  const reasons: string[] = [];
  // `all` stops at the first false child, `any` at the first true one.
  const stopAt = kind === "any";
  for (const child of children) {
    const r = evaluateNode(child, scope, ctx, depth + 1);
    if (r.invalid) return r; // the malformed part is the whole story
    if (r.ok === stopAt) return { ok: stopAt, reason: clip(`${kind} → ${stopAt}: ${r.reason}`) };
    reasons.push(r.reason);
  }
  return { ok: !stopAt, reason: clip(`${kind}(${reasons.join("; ")}) → ${!stopAt}`) };
}

function evaluateNode(filter: Filter, scope: FilterScope, ctx: OpContext, depth: number): NodeResult {
  if (typeof filter !== "object" || filter === null) return invalid("invalid filter");
  if (depth > MAX_DEPTH) return invalid("filter nested too deep");
  if ("all" in filter) return evaluateList("all", filter.all, scope, ctx, depth);
  if ("any" in filter) return evaluateList("any", filter.any, scope, ctx, depth);
  if ("not" in filter) {
    const r = evaluateNode(filter.not, scope, ctx, depth + 1);
    if (r.invalid) return r;
    return { ok: !r.ok, reason: clip(`not(${r.reason}) → ${!r.ok}`) };
  }
  if (("attribute" in filter && typeof filter.attribute === "string") || ("property" in filter && typeof filter.property === "string")) {
    return evaluateLeaf(filter, scope, ctx);
  }
  return invalid("invalid filter");
}

/**
 * Evaluates `filter` in `scope`. Never throws: malformed filters and odd values are false with
 * a reason.
 * @example
 * evaluateFilter({ attribute: "cart_items", op: "gt", value: 0 }, { attributes: { cart_items: 3 }, timeZone: "UTC", now })
 * // { ok: true, reason: "cart_items gt 0: 3 → true" }
 */
export function evaluateFilter(filter: Filter, scope: FilterScope): FilterResult {
  const { ok, reason } = evaluateNode(filter, scope, { timeZone: safeTimeZone(scope.timeZone), now: scope.now }, 0);
  return { ok, reason };
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
