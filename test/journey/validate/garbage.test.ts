import { describe, expect, it } from "vitest";
import { MAX_DEPTH, MAX_VALUES } from "../../../worker/journey/validate/input-guard.ts";
import { validateJourney, validateSegment, type Validated } from "../../../worker/journey/validate/index.ts";
import { cartAbandonment, problemsOf } from "./fixtures.ts";

function nested(depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

function circularJourney(): Record<string, unknown> {
  const journey = cartAbandonment();
  const where: Record<string, unknown> = { attribute: "x", op: "exists" };
  where.not = where;
  const nodes = journey.nodes;
  if (typeof nodes === "object" && nodes !== null) Reflect.set(nodes, "loop", { type: "check_attribute", where, yes: "end", no: "end" });
  return journey;
}

function hugeJourney(): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  for (let i = 0; i < MAX_VALUES; i++) nodes[`n${i}`] = { type: "end" };
  return { ...cartAbandonment(), nodes };
}

function hostile(): unknown {
  return new Proxy({}, { ownKeys: () => { throw new Error("no keys for you"); }, get: () => { throw new Error("no values"); } });
}

const garbage: [string, () => unknown][] = [
  ["null", () => null],
  ["undefined", () => undefined],
  ["a number", () => 42],
  ["NaN", () => Number.NaN],
  ["a string", () => "cart-abandonment"],
  ["an empty string", () => ""],
  ["true", () => true],
  ["a bigint", () => 10n],
  ["a symbol", () => Symbol("journey")],
  ["a function", () => () => 1],
  ["an empty array", () => []],
  ["an array of journeys", () => [cartAbandonment()]],
  ["an empty object", () => ({})],
  ["a Date", () => new Date(0)],
  ["a Map", () => new Map([["id", "x"]])],
  ["nodes as a list", () => ({ ...cartAbandonment(), nodes: [{ type: "end" }] })],
  ["nodes as text", () => ({ ...cartAbandonment(), nodes: "end" })],
  ["every node junk", () => ({ ...cartAbandonment(), nodes: { a: 1, b: null, c: [], d: "x", e: { type: 3 }, f: { type: "wait", next: { deep: true } } } })],
  ["a 100,000-level nested array", () => nested(100_000, 1, (inner) => [inner])],
  ["a 5,000-level nested filter", () => ({ ...cartAbandonment(), goal: { event: "x", within: "1d", where: nested(5_000, { attribute: "a", op: "exists" }, (inner) => ({ not: inner })) } })],
  ["a circular filter", circularJourney],
  ["a journey that contains itself", () => { const j = cartAbandonment(); j.self = j; return j; }],
  ["more values than allowed", hugeJourney],
  ["an object whose every read throws", hostile],
  ["a catalog-free journey with throwing getters", () => Object.defineProperty(cartAbandonment(), "start", { get: () => { throw new Error("boom"); }, enumerable: true })],
];

function expectWellFormedFailure(result: Validated<unknown>): void {
  expect(result.ok).toBe(false);
  const problems = problemsOf(result);
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) {
    expect(typeof problem.path).toBe("string");
    expect(problem.code).toMatch(/^[a-z_]+$/);
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

describe("garbage never throws", () => {
  it.each(garbage)("journey: %s", (_, make) => {
    expectWellFormedFailure(validateJourney(make()));
  });

  it.each(garbage)("segment: %s", (_, make) => {
    expectWellFormedFailure(validateSegment(make()));
  });
});

describe("what garbage is reported as", () => {
  it.each([
    ["null", null, "a journey must be a JSON object ({ … }), not null"],
    ["a list", [], "a journey must be a JSON object ({ … }), not a list"],
    ["text", "hi", "a journey must be a JSON object ({ … }), not text"],
  ])("%s is one problem at the root", (_, input, message) => {
    expect(validateJourney(input)).toEqual({ ok: false, problems: [{ path: "", code: "invalid_type", message }] });
  });

  it("an empty object lacks every required field and a trigger", () => {
    expect(problemsOf(validateJourney({})).map((p) => [p.path, p.code])).toEqual([
      ["id", "required"], ["name", "required"], ["start", "required"], ["nodes", "required"], ["", "missing_trigger"],
    ]);
  });

  it("a circular reference is named where it closes", () => {
    expect(problemsOf(validateJourney(circularJourney()))).toContainEqual(expect.objectContaining({ path: "nodes.loop.where.not", code: "circular" }));
  });

  it("nesting deeper than the limit is reported at the first level too deep", () => {
    const problems = problemsOf(validateJourney(nested(MAX_DEPTH + 5, 1, (inner) => ({ a: inner }))));
    expect(problems).toContainEqual(expect.objectContaining({ path: `${"a.".repeat(MAX_DEPTH + 1).slice(0, -1)}`, code: "too_deep" }));
  });

  it("a huge definition is reported as too large", () => {
    expect(problemsOf(validateJourney(hugeJourney()))).toContainEqual(expect.objectContaining({ path: "", code: "too_large" }));
  });

  it('a "__proto__" node id is refused: copies of the journey would lose that node', () => {
    const journey: unknown = JSON.parse('{"id":"p","name":"p","trigger":{"type":"manual"},"start":"__proto__","nodes":{"__proto__":{"type":"end"}}}');
    expect(problemsOf(validateJourney(journey)).map((p) => [p.path, p.code])).toEqual([["nodes.__proto__", "invalid_node_id"]]);
  });

  it("a value that cannot be read is reported, not thrown", () => {
    expect(problemsOf(validateJourney(hostile()))).toEqual([expect.objectContaining({ path: "", code: "unreadable" })]);
  });
});
