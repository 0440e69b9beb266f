import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateJourney } from "../../../worker/journey/validate/index.ts";
import { cartAbandonment, edit, pairs, problemsOf } from "./fixtures.ts";

const studentProgress: unknown = JSON.parse(readFileSync("examples/journeys/08-student-progress.json", "utf8"));

/** A journey of instant nodes a → b → c plus whatever `nodes` adds or replaces. */
function chain(nodes: Record<string, unknown>): Record<string, unknown> {
  return {
    id: "loops",
    name: "Loops",
    trigger: { type: "manual" },
    start: "a",
    nodes: {
      a: { type: "is_reachable", channel: "email", yes: "b", no: "done" },
      b: { type: "send", channel: "email", template: "t", next: "c" },
      c: { type: "check_attribute", where: { attribute: "x", op: "exists" }, yes: "done", no: "done" },
      done: { type: "end" },
      ...nodes,
    },
  };
}

describe("loops", () => {
  it("accepts seed journey 8, which repeats weekly by looping back to its wait", () => {
    expect(validateJourney(studentProgress)).toMatchObject({ ok: true });
  });

  it.each(["wait", "wait_until", "wait_for_event", "wait_for_time_slot"])("accepts a loop through a %s node", (type) => {
    const waits: Record<string, Record<string, unknown>> = {
      wait: { type: "wait", duration: "1d", next: "a" },
      wait_until: { type: "wait_until", date: { attribute: "renewal", offset: "-3d" }, next: "a" },
      wait_for_event: { type: "wait_for_event", event: "Login", timeout: "2d", next: "a", timeout_next: "a" },
      wait_for_time_slot: { type: "wait_for_time_slot", mode: "best_time", next: "a" },
    };
    const journey = chain({ c: { type: "check_attribute", where: { attribute: "x", op: "exists" }, yes: "pause", no: "done" }, pause: waits[type] });
    expect(validateJourney(journey)).toMatchObject({ ok: true });
  });

  it("rejects the same loop without the wait, once, at its first node, naming its nodes", () => {
    const result = validateJourney(chain({ c: { type: "check_attribute", where: { attribute: "x", op: "exists" }, yes: "a", no: "done" } }));
    expect(pairs(result)).toEqual([["nodes.a", "cycle_without_wait"]]);
    expect(problemsOf(result)[0]?.message).toMatch(/^a → b → c → a loops without waiting/);
  });

  it("reports two separate loops separately", () => {
    const result = validateJourney(chain({
      b: { type: "send", channel: "email", template: "t", next: "b" },
      c: { type: "check_attribute", where: { attribute: "x", op: "exists" }, yes: "c", no: "done" },
      a: { type: "is_reachable", channel: "email", yes: "b", no: "c" },
    }));
    expect(pairs(result)).toEqual([["nodes.b", "cycle_without_wait"], ["nodes.c", "cycle_without_wait"]]);
  });

  it("reports a loop through a split branch", () => {
    const result = validateJourney(chain({
      b: { type: "split", branches: [{ weight: 1, next: "c" }, { weight: 1, next: "a" }] },
    }));
    expect(pairs(result)).toEqual([["nodes.a", "cycle_without_wait"]]);
  });

  it("still finds a loop when another node of the loop failed the schema", () => {
    const result = validateJourney(chain({
      b: { type: "send", channel: "fax", template: "t", next: "c" },
      c: { type: "check_attribute", where: { attribute: "x", op: "exists" }, yes: "a", no: "done" },
    }));
    expect(pairs(result)).toEqual([["nodes.a", "cycle_without_wait"], ["nodes.b.channel", "invalid_value"]]);
  });

  it("handles a 20,000-node chain without overflowing the stack", () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) nodes[`n${i}`] = { type: "update_attribute", attribute: "x", increment: 1, next: `n${(i + 1) % 20_000}` };
    const result = validateJourney({ id: "big", name: "Big", trigger: { type: "manual" }, start: "n0", nodes });
    expect(pairs(result)).toEqual([["nodes.n0", "cycle_without_wait"]]);
    const message = problemsOf(result)[0]?.message ?? "";
    expect(message).toContain("n0 → n1 → n2");
    expect(message).toContain("(20000 nodes)");
    expect(message.length).toBeLessThan(400);
  });
});

describe("reading the raw graph", () => {
  it("follows branches of a node whose type is unknown, so its targets are not unreachable", () => {
    const result = validateJourney(edit(cartAbandonment(), [["nodes.push_ok.type", "is_reachabel"]]));
    expect(pairs(result)).toEqual([["nodes.push_ok.type", "unknown_node_type"]]);
  });

  it("does not report every node unreachable when start itself is wrong", () => {
    const result = validateJourney(edit(cartAbandonment(), [["start", 42]]));
    expect(pairs(result)).toEqual([["start", "invalid_type"]]);
  });

  it("reports a dangling branch even inside a node that failed the schema", () => {
    const result = validateJourney(edit(cartAbandonment(), [["nodes.push.channel", "pigeon"], ["nodes.push.next", "nowhere"]]));
    expect(pairs(result)).toEqual([["nodes.push.channel", "invalid_value"], ["nodes.push.next", "dangling"]]);
  });
});
