/** The PRODUCT.md example journey, run through each of its branches. */
import { describe, expect, it } from "vitest";
import { Journey } from "../../../worker/journey/schema/journey.ts";
import type { Channel } from "../../../worker/journey/schema/channels.ts";
import { effectsOf, event, fakeUser, feed, fire, sent, start, t } from "./helpers.ts";

const cart = Journey.parse({
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
});

const ADDED = t("2024-11-29T18:00:00Z");
const TIMEOUT = t("2024-11-29T20:00:00Z");
const DAY = 86_400_000;

function afterTimeout(cartItems: number, reachable: Channel[]) {
  const user = fakeUser({ attributes: { cart_items: cartItems }, reachable });
  const s1 = start(cart, ADDED, user, event("Added To Cart", ADDED, { product: "boots" }));
  return feed(cart, s1, fire(s1.run), TIMEOUT, user);
}

describe("cart abandonment (PRODUCT.md)", () => {
  it.each<[string, number, Channel[], string[], string[]]>([
    ["push and email reachable", 3, ["web_push", "email"], ["cart-push", "cart-email"], ["wait_checkout", "cart_not_empty", "push_ok", "push", "email_ok", "email", "end"]],
    ["only email reachable", 3, ["email"], ["cart-email"], ["wait_checkout", "cart_not_empty", "push_ok", "email_ok", "email", "end"]],
    ["only push reachable", 1, ["web_push"], ["cart-push"], ["wait_checkout", "cart_not_empty", "push_ok", "push", "email_ok", "end"]],
    ["unreachable", 3, [], [], ["wait_checkout", "cart_not_empty", "push_ok", "email_ok", "end"]],
    ["cart emptied", 0, ["web_push", "email"], [], ["wait_checkout", "cart_not_empty", "end"]],
  ])("timed out, %s", (_label, items, reachable, templates, path) => {
    const step = afterTimeout(items, reachable);
    expect(sent(step)).toEqual(templates);
    expect(step.run.path).toEqual(path);
    expect(step.run).toMatchObject({ status: "ended", endReason: "completed", endedAt: TIMEOUT });
  });

  it("reads like a story in the trace", () => {
    const branches = afterTimeout(3, ["email"]).trace.filter((e) => e.kind !== "entered").map((e) => e.reason);
    expect(branches).toEqual([
      "wait_for_event Order Completed: no such event within 2h, timed out → cart_not_empty",
      "check_attribute [cart_items gt 0: 3 → true]: yes → push_ok",
      "is_reachable web_push: no → email_ok",
      "is_reachable email: yes → email",
      "send email template cart-email → end",
      "run ended (completed): reached the end",
    ]);
  });

  it("an order within 2h converts and exits before any reminder", () => {
    const user = fakeUser({ attributes: { cart_items: 3 }, reachable: ["web_push", "email"] });
    const s1 = start(cart, ADDED, user);
    const at = ADDED + 30 * 60_000;
    const s2 = feed(cart, s1, { type: "event", event: event("Order Completed", at) }, at, user);
    expect(s2.effects.map((e) => e.type)).toEqual(["goal_reached", "cancel_timer", "run_ended"]);
    expect(s2.run).toMatchObject({ endReason: "exit_event", goalAt: at });
    expect(feed(cart, s2, fire(s1.run), TIMEOUT, user).effects).toEqual([]);
  });

  it("an order after the reminders, within 3 days, still counts as a conversion", () => {
    const ended = afterTimeout(3, ["email"]);
    const at = ADDED + 2 * DAY;
    expect(effectsOf(feed(cart, ended, { type: "event", event: event("Order Completed", at) }, at), "goal_reached")).toHaveLength(1);
    const late = ADDED + 3 * DAY + 1;
    expect(feed(cart, ended, { type: "event", event: event("Order Completed", late) }, late).effects).toEqual([]);
  });
});
