import { describe, expect, it } from "vitest";
import { Segment } from "../../../worker/journey/schema/segment.ts";
import { buildSegmentIndex } from "../../../worker/journey/segments/segment-index.ts";
import { changedAttributeKeys } from "../../../worker/journey/segments/segment-inputs.ts";

const segments = [
  { id: "pro", name: "Pro", where: { attribute: "plan", op: "eq", value: "pro" } },
  {
    id: "lapsing-pro-buyer",
    name: "Lapsing pro buyer",
    where: { all: [{ attribute: "plan", op: "eq", value: "pro" }, { not: { attribute: "address.city", op: "eq", value: "Pune" } }] },
    events: [{ event: "Signed Up" }, { event: "Order Completed", where: { property: "total", op: "gte", value: 100 } }],
    inactive_for: "7d",
  },
  { id: "big-order", name: "Big order", events: [{ event: "Order Completed", where: { property: "total", op: "gte", value: 100 } }] },
  { id: "vip-orders", name: "VIP orders", events: [{ event: "Order Completed", where: { attribute: "tier", op: "eq", value: "vip" } }] },
  { id: "overdue", name: "Overdue", events: [{ event: "Invoice", where: { property: "due_at", op: "before", value: "-1d" } }] },
  { id: "everyone", name: "Everyone" },
].map((s) => Segment.parse(s));
const index = buildSegmentIndex(segments);
const ids = (list: readonly { id: string }[] | undefined): string[] => (list ?? []).map((s) => s.id);

describe("buildSegmentIndex", () => {
  it("groups the distinct rules by event name, rules inside combinations included, each with every segment that has it", () => {
    expect(index.names).toEqual(["Signed Up", "Order Completed", "Invoice"]);
    expect((index.rules.get("Order Completed") ?? []).map((g) => ({ where: g.where, segments: ids(g.segments) }))).toEqual([
      { where: { property: "total", op: "gte", value: 100 }, segments: ["lapsing-pro-buyer", "big-order"] },
      { where: { attribute: "tier", op: "eq", value: "vip" }, segments: ["vip-orders"] },
    ]);
    expect(ids(index.rules.get("Signed Up")?.[0]?.segments)).toEqual(["lapsing-pro-buyer"]);
  });

  it("flags rules whose filters compare with the clock", () => {
    expect([...index.rules.values()].flat().map((g) => [g.event, g.clock])).toEqual([
      ["Signed Up", false], ["Order Completed", false], ["Order Completed", false], ["Invoice", true],
    ]);
  });

  it("lists attribute readers under each top-level key a path can read (segment and rule filters), and inactivity segments", () => {
    expect(Object.fromEntries([...index.byAttribute].map(([key, list]) => [key, ids(list)]))).toEqual({
      plan: ["pro", "lapsing-pro-buyer"],
      "address.city": ["lapsing-pro-buyer"],
      address: ["lapsing-pro-buyer"],
      tier: ["vip-orders"],
    });
    expect(ids(index.activity)).toEqual(["lapsing-pro-buyer"]);
    expect(index.position.get("everyone")).toBe(5);
  });
});

describe("changedAttributeKeys", () => {
  it.each([
    { name: "no change", before: { plan: "pro", n: 1 }, after: { n: 1, plan: "pro" }, changed: [] },
    { name: "changed, added and removed keys", before: { plan: "pro", n: 1 }, after: { plan: "free", city: "Pune" }, changed: ["plan", "n", "city"] },
    { name: "a nested value", before: { address: { city: "Pune" } }, after: { address: { city: "Mumbai" } }, changed: ["address"] },
  ])("$name", ({ before, after, changed }) => {
    expect(changedAttributeKeys(before, after)).toEqual(changed);
  });
});
