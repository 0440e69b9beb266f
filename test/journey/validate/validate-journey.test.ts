import { describe, expect, it } from "vitest";
import { validateJourney, type Catalog } from "../../../worker/journey/validate/index.ts";
import { cartAbandonment, edit, pairs, problemsOf, REMOVE, sortPairs } from "./fixtures.ts";

const catalog: Catalog = {
  template: (id) => ({ "cart-push": { channel: "web_push" }, "cart-email": { channel: "email" }, "vip-sms": { channel: "sms" }, "nps": { channel: "survey" } })[id],
  segment: (id) => id === "vip",
  geofence: (id) => id === "store-1",
};

interface Case {
  name: string;
  changes: [string, unknown][];
  expected: [string, string][];
  catalog?: Catalog;
  /** A piece the message must contain (what a marketer needs to see). */
  says?: string;
}

const cases: Case[] = [
  // what the schema catches, in the validator's words
  { name: "missing field", changes: [["nodes.push.template", REMOVE]], expected: [["nodes.push.template", "required"]], says: 'a send node needs "template"' },
  { name: "wrong type", changes: [["nodes.push.next", 5]], expected: [["nodes.push.next", "invalid_type"]], says: "must be text, not a number" },
  { name: "unknown field", changes: [["nodes.push.tempalte", "x"]], expected: [["nodes.push.tempalte", "unknown_field"]], says: 'did you mean "template"?' },
  { name: "unknown field on an exit event", changes: [["exit.events.0.wher", {}]], expected: [["exit.events[0].wher", "unknown_field"]], says: 'on an exit event (did you mean "where"?)' },
  { name: "unknown field on a trigger", changes: [["trigger.name", "x"]], expected: [["trigger.name", "unknown_field"]], says: "on an event trigger; allowed: type, event, where" },
  { name: "unknown node type", changes: [["nodes.push.type", "sned"]], expected: [["nodes.push.type", "unknown_node_type"]], says: "node types are: wait, wait_until, wait_for_event" },
  { name: "node without a type", changes: [["nodes.push.type", REMOVE]], expected: [["nodes.push.type", "required"]], says: 'a node needs a "type"' },
  { name: "unknown trigger type", changes: [["trigger.type", "evnt"]], expected: [["trigger.type", "unknown_trigger_type"]], says: 'did you mean "event"?' },
  { name: "value not in the list", changes: [["nodes.push.channel", "fax"]], expected: [["nodes.push.channel", "invalid_value"]], says: '"email", "sms"' },
  { name: "bad duration", changes: [["nodes.wait_checkout.timeout", "2 hours"]], expected: [["nodes.wait_checkout.timeout", "invalid_duration"]], says: '"2h"' },
  { name: "bad id format", changes: [["id", "Cart Abandonment"]], expected: [["id", "invalid_format"]], says: "lower-case letters" },
  { name: "empty name", changes: [["name", ""]], expected: [["name", "too_small"]], says: "must not be empty" },
  { name: "bad node id", changes: [["nodes.push.next", "my node"], ["nodes.my node", { type: "end" }]], expected: [['nodes["my node"]', "invalid_node_id"]] },
  { name: "reentry in none of its forms", changes: [["entry.reentry", "sometimes"]], expected: [["entry.reentry", "invalid_value"]], says: '{ "after": "7d" }' },
  { name: "reentry after: blames the inner field", changes: [["entry.reentry", { after: "soon" }]], expected: [["entry.reentry.after", "invalid_duration"]] },
  { name: "wait_until date in none of its forms", changes: [["nodes.push.type", "wait_until"], ["nodes.push.date", "2024-13-01"], ["nodes.push.channel", REMOVE], ["nodes.push.template", REMOVE]], expected: [["nodes.push.date", "invalid_value"]], says: "ISO date" },
  { name: "increment neither number nor duration", changes: [["nodes.push", { type: "update_attribute", attribute: "score", increment: "ten", next: "email_ok" }]], expected: [["nodes.push.increment", "invalid_value"]], says: "a number, or a signed duration" },
  // triggers
  { name: "no trigger", changes: [["trigger", REMOVE]], expected: [["", "missing_trigger"]] },
  { name: "trigger and triggers", changes: [["triggers", [{ type: "manual" }]]], expected: [["triggers", "conflicting_triggers"]] },
  { name: "blank trigger event", changes: [["trigger.event", "  "]], expected: [["trigger.event", "empty_event_name"]] },
  // graph
  { name: "start names no node", changes: [["start", "wait_chekout"]], expected: [["start", "unknown_start"]], says: 'did you mean "wait_checkout"?' },
  { name: "branch names no node", changes: [["nodes.push.next", "emial_ok"]], expected: [["nodes.push.next", "dangling"]], says: '"emial_ok"' },
  { name: "timeout_next names no node", changes: [["nodes.wait_checkout.timeout_next", "nowhere"]], expected: [["nodes.wait_checkout.timeout_next", "dangling"], ["nodes.cart_not_empty", "unreachable"], ["nodes.email", "unreachable"], ["nodes.email_ok", "unreachable"], ["nodes.push", "unreachable"], ["nodes.push_ok", "unreachable"]] },
  { name: "unreachable node", changes: [["nodes.orphan", { type: "end" }]], expected: [["nodes.orphan", "unreachable"]] },
  { name: "loop without a wait", changes: [["nodes.email.next", "push_ok"]], expected: [["nodes.push_ok", "cycle_without_wait"]], says: "push_ok → email_ok → email → push_ok loops without waiting (the loop also runs through \"push\")" },
  { name: "node looping to itself", changes: [["nodes.push.next", "push"], ["nodes.push_ok.no", "email_ok"]], expected: [["nodes.push", "cycle_without_wait"]], says: "push → push" },
  // node rules
  { name: "window mode without window", changes: [["nodes.end", { type: "wait_for_time_slot", mode: "window", next: "stop" }], ["nodes.stop", { type: "end" }]], expected: [["nodes.end.window", "window_required"]] },
  { name: "update with no action", changes: [["nodes.push", { type: "update_attribute", attribute: "score", next: "email_ok" }]], expected: [["nodes.push", "update_needs_one_action"]], says: '"set"' },
  { name: "update with two actions", changes: [["nodes.push", { type: "update_attribute", attribute: "score", set: 1, unset: true, next: "email_ok" }]], expected: [["nodes.push", "update_needs_one_action"]], says: '"set" and "unset"' },
  { name: "split with one branch", changes: [["nodes.push", { type: "split", branches: [{ weight: 1, next: "email_ok" }] }]], expected: [["nodes.push.branches", "split_needs_branches"]] },
  { name: "split weight zero", changes: [["nodes.push", { type: "split", branches: [{ weight: 0, next: "email_ok" }, { weight: 1, next: "end" }] }]], expected: [["nodes.push.branches[0].weight", "split_weight"]] },
  { name: "split branch names no node", changes: [["nodes.push", { type: "split", branches: [{ weight: 1, next: "email_ok" }, { weight: 1, next: "gone" }] }]], expected: [["nodes.push.branches[1].next", "dangling"]] },
  { name: "zero wait", changes: [["nodes.push", { type: "wait", duration: "0s", next: "email_ok" }]], expected: [["nodes.push.duration", "zero_duration"]] },
  { name: "duration too large to count", changes: [["goal.within", "99999999999999999999d"]], expected: [["goal.within", "invalid_duration"]], says: "too large" },
  { name: "offset too large to count", changes: [["nodes.push", { type: "wait_until", date: { attribute: "due", offset: "-99999999999999999999d" }, next: "email_ok" }]], expected: [["nodes.push.date.offset", "invalid_duration"]] },
  { name: "zero event timeout", changes: [["nodes.wait_checkout.timeout", "0m"]], expected: [["nodes.wait_checkout.timeout", "zero_duration"]] },
  { name: "zero reentry delay", changes: [["entry.reentry", { after: "0d" }]], expected: [["entry.reentry.after", "zero_duration"]] },
  { name: "zero goal window", changes: [["goal.within", "0d"]], expected: [["goal.within", "zero_duration"]] },
  { name: "empty goal event", changes: [["goal.event", ""]], expected: [["goal.event", "empty_event_name"]] },
  { name: "blank exit event", changes: [["exit.events.0.event", " "]], expected: [["exit.events[0].event", "empty_event_name"]] },
  // entry.key scope of listeners
  { name: "listener key without entry.key", changes: [["nodes.wait_checkout.key", "any"], ["goal.key", "any"], ["exit.events.0.key", "same"]], expected: [["exit.events[0].key", "key_without_entry_key"], ["goal.key", "key_without_entry_key"], ["nodes.wait_checkout.key", "key_without_entry_key"]], says: 'no "entry.key"' },
  { name: "listener key with entry.key is fine", changes: [["entry.key", "cart_id"], ["nodes.wait_checkout.key", "any"], ["goal.key", "any"], ["exit.events.0.key", "same"]], expected: [] },
  { name: "listener key neither same nor any", changes: [["entry.key", "cart_id"], ["goal.key", "cart_id"]], expected: [["goal.key", "invalid_value"]], says: '"same"' },
  { name: "key on a node that does not wait for an event", changes: [["entry.key", "cart_id"], ["nodes.push.key", "any"]], expected: [["nodes.push.key", "unknown_field"]] },
  // filters
  { name: "unknown filter op", changes: [["nodes.cart_not_empty.where.op", "greater"]], expected: [["nodes.cart_not_empty.where.op", "invalid_value"]], says: "ops are: eq, neq" },
  { name: "filter without a kind", changes: [["nodes.cart_not_empty.where", { all: [{ attribute: "a", op: "exists" }, { op: "eq" }] }]], expected: [["nodes.cart_not_empty.where.all[1]", "invalid_filter"]] },
  { name: "filter with two kinds", changes: [["nodes.cart_not_empty.where.property", "x"]], expected: [["nodes.cart_not_empty.where", "invalid_filter"]], says: '"attribute" and "property"' },
  { name: "unknown field in a filter", changes: [["nodes.cart_not_empty.where.vaule", 1]], expected: [["nodes.cart_not_empty.where.vaule", "unknown_field"]], says: 'did you mean "value"?' },
  { name: "in without a list", changes: [["trigger.where", { property: "plan", op: "in", value: "gold" }]], expected: [["trigger.where.value", "invalid_filter_value"]] },
  { name: "before without a date", changes: [["exit.events.0.where", { not: { attribute: "signup", op: "before", value: "last week" } }]], expected: [["exit.events[0].where.not.value", "invalid_filter_value"]] },
  { name: "eq without a value", changes: [["goal.where", { any: [{ property: "total", op: "eq" }] }]], expected: [["goal.where.any[0].value", "required"]] },
  { name: "empty all", changes: [["nodes.cart_not_empty.where", { all: [] }]], expected: [["nodes.cart_not_empty.where.all", "too_small"]] },
  // catalog references
  { name: "missing template", changes: [["nodes.push.template", "cart-pus"]], catalog, expected: [["nodes.push.template", "missing_template"]] },
  { name: "template for another channel", changes: [["nodes.push.template", "cart-email"]], catalog, expected: [["nodes.push.template", "template_channel_mismatch"]], says: "email template" },
  { name: "survey node with a non-survey template", changes: [["nodes.push", { type: "survey", channel: "in_app", template: "cart-push", next: "email_ok" }]], catalog, expected: [["nodes.push.template", "template_channel_mismatch"]], says: "needs a survey template" },
  { name: "survey node with a survey template is fine", changes: [["nodes.push", { type: "survey", channel: "in_app", template: "nps", next: "email_ok" }]], catalog, expected: [] },
  { name: "unknown segment in a node", changes: [["nodes.push_ok", { type: "in_segment", segment: "vips", yes: "push", no: "email_ok" }]], catalog, expected: [["nodes.push_ok.segment", "unknown_segment"]] },
  { name: "unknown segment trigger", changes: [["trigger", { type: "segment", segment: "gold", on: "enter" }]], catalog, expected: [["trigger.segment", "unknown_segment"]] },
  { name: "unknown geofence trigger", changes: [["trigger", REMOVE], ["triggers", [{ type: "manual" }, { type: "geofence", geofence: "store-2", on: "enter" }]]], catalog, expected: [["triggers[1].geofence", "unknown_geofence"]] },
  { name: "a lookup that throws", changes: [], catalog: { template: () => { throw new Error("catalog offline"); } }, expected: [["nodes.email.template", "lookup_failed"], ["nodes.push.template", "lookup_failed"]], says: "catalog offline" },
];

describe("validateJourney: one problem kind at a time", () => {
  it.each(cases)("$name", ({ changes, expected, catalog: lookups, says }) => {
    const result = validateJourney(edit(cartAbandonment(), changes), lookups);
    expect(pairs(result)).toEqual(sortPairs(expected));
    if (says !== undefined) expect(problemsOf(result).map((p) => p.message).join("\n")).toContain(says);
  });
});

describe("validateJourney: clean definitions", () => {
  it("accepts the PRODUCT.md cart-abandonment example and returns it parsed", () => {
    expect(validateJourney(cartAbandonment())).toEqual({ ok: true, value: cartAbandonment() });
  });

  it("accepts it with a catalog that has its templates", () => {
    expect(validateJourney(cartAbandonment(), catalog).ok).toBe(true);
  });

  it("skips a reference check whose lookup is not given", () => {
    const journey = edit(cartAbandonment(), [["nodes.push.template", "nope"], ["trigger", { type: "geofence", geofence: "x", on: "exit" }]]);
    expect(validateJourney(journey, { segment: () => false }).ok).toBe(true);
  });
});
