/**
 * Definitions the validator tests start from: the PRODUCT.md cart-abandonment example (a fresh
 * copy each call, so cases can mutate it) and helpers to read a result as (path, code) pairs.
 */
import type { Problem, Validated } from "../../../worker/journey/validate/index.ts";

/** The cart-abandonment journey exactly as PRODUCT.md section 2 prints it. */
export function cartAbandonment(): Record<string, unknown> {
  return {
    id: "cart-abandonment",
    name: "Reduce cart abandonment",
    trigger: { type: "event", event: "Added To Cart" },
    entry: { reentry: "always" },
    exit: { events: [{ event: "Order Completed" }] },
    goal: { event: "Order Completed", within: "3d" },
    start: "wait_checkout",
    nodes: {
      wait_checkout: { type: "wait_for_event", event: "Order Completed", timeout: "2h", next: "end", timeout_next: "cart_not_empty" },
      cart_not_empty: { type: "check_attribute", where: { attribute: "cart_items", op: "gt", value: 0 }, yes: "push_ok", no: "end" },
      push_ok: { type: "is_reachable", channel: "web_push", yes: "push", no: "email_ok" },
      push: { type: "send", channel: "web_push", template: "cart-push", next: "email_ok" },
      email_ok: { type: "is_reachable", channel: "email", yes: "email", no: "end" },
      email: { type: "send", channel: "email", template: "cart-email", next: "end" },
      end: { type: "end" },
    },
  };
}

/** Marks a field for removal in `edit`. */
export const REMOVE = Symbol("remove");

/**
 * A copy of `base` with each `[dotted path, value]` change applied (`REMOVE` deletes the field;
 * missing objects on the way are created). Paths split on dots, so keys must not contain them.
 * @example edit(cartAbandonment(), [["nodes.push.next", 5]])
 */
export function edit(base: Record<string, unknown>, changes: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const copy: Record<string, unknown> = structuredClone(base);
  for (const [path, value] of changes) {
    const keys = path.split(".");
    const last = keys.pop() ?? "";
    let target: Record<string, unknown> = copy;
    for (const key of keys) {
      const next = target[key];
      const child = isContainer(next) ? next : {};
      target[key] = child;
      target = child;
    }
    if (value === REMOVE) delete target[last];
    else target[last] = value;
  }
  return copy;
}

/** Objects and arrays (an array index is a string key too: "events.0.event"). */
function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The problems of a failed result as sorted `[path, code]` pairs; `[]` when it passed. */
export function pairs(result: Validated<unknown>): [string, string][] {
  if (result.ok) return [];
  return sortPairs(result.problems.map((p): [string, string] => [p.path, p.code]));
}

/** `[path, code]` pairs in the order `pairs` returns them. */
export function sortPairs(list: readonly (readonly [string, string])[]): [string, string][] {
  return list.map((pair): [string, string] => [pair[0], pair[1]]).sort(byPair);
}

/** The problems of a result (none when it passed). */
export function problemsOf(result: Validated<unknown>): Problem[] {
  return result.ok ? [] : result.problems;
}

function byPair(a: [string, string], b: [string, string]): number {
  return a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0]);
}
