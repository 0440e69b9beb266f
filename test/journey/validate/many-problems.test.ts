import { describe, expect, it } from "vitest";
import { validateJourney } from "../../../worker/journey/validate/index.ts";
import { pairs, sortPairs } from "./fixtures.ts";

/** One definition with a mistake in nearly every part: all of them must be reported at once. */
const broken = {
  id: "Broken Journey",
  name: "",
  trigger: { type: "evnt", event: "Added To Cart" },
  triggers: [{ type: "segment", segment: "vip", on: "entr" }],
  entry: { reentry: { after: "0d" }, kee: "cart_id" },
  exit: { events: [{ event: "" }] },
  goal: { event: "Order Completed", within: "0d", where: { property: "total", op: "gte" } },
  start: "wiat",
  colour: "blue",
  nodes: {
    wait: { type: "wait", duration: "0s", next: "check" },
    check: { type: "check_attribute", where: { attribute: "cart_items", op: "greater", value: 0 }, yes: "send", no: "gone" },
    send: { type: "send", channel: "fax", template: "cart-push", next: "split" },
    split: { type: "split", branches: [{ weight: 0, next: "update" }] },
    update: { type: "update_attribute", attribute: "score", set: 1, increment: 2, next: "slot" },
    slot: { type: "wait_for_time_slot", mode: "window", next: "event" },
    event: { type: "wait_for_event", event: "Login", timeout: "0m", next: "loop_a", timeout_next: "loop_a" },
    loop_a: { type: "is_reachable", channel: "email", yes: "loop_b", no: "loop_b" },
    loop_b: { type: "in_segment", segment: "vip", yes: "loop_a", no: "stop" },
    stop: { type: "stopp" },
    orphan: { type: "end" },
  },
};

describe("a definition with many problems", () => {
  it("reports every one of them, each at its path", () => {
    expect(pairs(validateJourney(broken))).toEqual(sortPairs([
      ["colour", "unknown_field"],
      ["entry.kee", "unknown_field"],
      ["entry.reentry.after", "zero_duration"],
      ["exit.events[0].event", "empty_event_name"],
      ["goal.where.value", "required"],
      ["goal.within", "zero_duration"],
      ["id", "invalid_format"],
      ["name", "too_small"],
      ["nodes.check.no", "dangling"],
      ["nodes.check.where.op", "invalid_value"],
      ["nodes.event.timeout", "zero_duration"],
      ["nodes.loop_a", "cycle_without_wait"],
      ["nodes.send.channel", "invalid_value"],
      ["nodes.slot.window", "window_required"],
      ["nodes.split.branches", "split_needs_branches"],
      ["nodes.split.branches[0].weight", "split_weight"],
      ["nodes.stop.type", "unknown_node_type"],
      ["nodes.update", "update_needs_one_action"],
      ["nodes.wait.duration", "zero_duration"],
      ["start", "unknown_start"],
      ["trigger.type", "unknown_trigger_type"],
      ["triggers", "conflicting_triggers"],
      ["triggers[0].on", "invalid_value"],
    ]));
  });

  it("leaves its input untouched", () => {
    const before = structuredClone(broken);
    validateJourney(broken);
    expect(broken).toEqual(before);
  });

  it("reports each problem once", () => {
    const result = validateJourney(broken);
    const keys = pairs(result).map(([path, code]) => `${path} ${code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
