import { describe, expect, it } from "vitest";
import type { Filter, FilterOp } from "../../../worker/journey/schema/filter.ts";
import { evaluateFilter, matchesEvent, type FilterScope } from "../../../worker/journey/filter/evaluate-filter.ts";
import type { UserEvent } from "../../../worker/journey/types.ts";

const T = (iso: string): number => Date.parse(iso);
const NOW = T("2024-06-15T12:00:00Z");

const attributes = {
  cart_items: 3,
  cart_items_text: "3",
  plan: "pro",
  name: "Ada Lovelace",
  email: "",
  vip: true,
  vip_text: "true",
  optin_text: "FALSE",
  nothing: null,
  tags: ["new", "mobile"],
  scores: [1, 2],
  address: { city: "Pune", geo: { lat: 18.5 } },
  "utm.source": "newsletter",
  items: [{ sku: "A1" }],
  profile: { a: 1 },
  signup_date: "2024-06-01",
  last_seen: "2024-05-01T10:00:00Z",
  last_seen_ms: T("2024-06-10T00:00:00Z"),
  birthday: "1990-06-15",
  bad_date: "2024-02-30",
};

const scope = (overrides: Partial<FilterScope> = {}): FilterScope => ({ attributes, timeZone: "UTC", now: NOW, ...overrides });
const attr = (attribute: string, op: FilterOp, value?: unknown): Filter => (value === undefined ? { attribute, op } : { attribute, op, value });

describe("attribute ops", () => {
  it.each<[string, Filter, boolean]>([
    // eq / neq
    ["number eq number", attr("cart_items", "eq", 3), true],
    ["number eq numeric string", attr("cart_items", "eq", "3"), true],
    ["numeric string eq number", attr("cart_items_text", "eq", 3), true],
    ["numeric string eq 3.0", attr("cart_items_text", "eq", 3.0), true],
    ["number eq other number", attr("cart_items", "eq", 4), false],
    ["string eq string", attr("plan", "eq", "pro"), true],
    ["string eq is case-sensitive", attr("plan", "eq", "PRO"), false],
    ["boolean eq boolean", attr("vip", "eq", true), true],
    ["boolean eq \"true\"", attr("vip", "eq", "true"), true],
    ["\"true\" eq boolean", attr("vip_text", "eq", true), true],
    ["\"FALSE\" eq false", attr("optin_text", "eq", false), true],
    ["boolean is not a number", attr("vip", "eq", 1), false],
    ["empty string is not 0", attr("email", "eq", 0), false],
    ["missing eq", attr("unknown", "eq", "x"), false],
    ["null eq null", attr("nothing", "eq", null), false],
    ["object eq", attr("profile", "eq", "x"), false],
    ["dates are not special for eq", attr("signup_date", "eq", "2024-06-01T00:00:00Z"), false],
    ["neq different", attr("plan", "neq", "free"), true],
    ["neq same (loose)", attr("cart_items", "neq", "3"), false],
    ["neq missing", attr("unknown", "neq", "x"), true],
    ["neq null", attr("nothing", "neq", "x"), true],
    ["neq object", attr("profile", "neq", "x"), false],
    ["neq without a value", attr("plan", "neq"), false],
    // gt gte lt lte
    ["gt", attr("cart_items", "gt", 0), true],
    ["gt equal", attr("cart_items", "gt", 3), false],
    ["gte equal", attr("cart_items", "gte", 3), true],
    ["lt", attr("cart_items", "lt", 10), true],
    ["lt is numeric, not lexicographic", attr("cart_items_text", "lt", "10"), true],
    ["lte", attr("cart_items", "lte", 2), false],
    ["gt dates", attr("signup_date", "gt", "2024-05-31"), true],
    ["lt dates", attr("signup_date", "lt", "2024-05-31"), false],
    ["gte date-only vs date-time", attr("signup_date", "gte", "2024-06-01T00:00:00Z"), true],
    ["gt epoch ms vs ISO date", attr("last_seen_ms", "gt", "2024-06-09"), true],
    ["gt text is false", attr("plan", "gt", "a"), false],
    ["gt boolean is false", attr("vip", "gt", 0), false],
    ["gt missing", attr("unknown", "gt", 0), false],
    ["gt invalid date", attr("bad_date", "gt", "2024-01-01"), false],
    ["gt object", attr("profile", "gt", 0), false],
    // exists / not_exists
    ["exists", attr("plan", "exists"), true],
    ["empty string exists", attr("email", "exists"), true],
    ["false exists", attr("vip", "exists"), true],
    ["null does not exist", attr("nothing", "exists"), false],
    ["missing does not exist", attr("unknown", "exists"), false],
    ["not_exists missing", attr("unknown", "not_exists"), true],
    ["not_exists null", attr("nothing", "not_exists"), true],
    ["not_exists present", attr("email", "not_exists"), false],
    // contains
    ["string contains", attr("name", "contains", "Love"), true],
    ["string contains is case-sensitive", attr("name", "contains", "love"), false],
    ["array contains", attr("tags", "contains", "mobile"), true],
    ["array contains (loose)", attr("scores", "contains", "2"), true],
    ["array does not contain", attr("tags", "contains", "desktop"), false],
    ["number does not contain", attr("cart_items", "contains", 3), false],
    ["object does not contain", attr("profile", "contains", "a"), false],
    ["missing contains", attr("unknown", "contains", "x"), false],
    // in
    ["in list", attr("plan", "in", ["pro", "team"]), true],
    ["not in list", attr("plan", "in", ["free"]), false],
    ["in (loose)", attr("cart_items", "in", ["1", "3"]), true],
    ["array overlaps", attr("tags", "in", ["mobile", "tablet"]), true],
    ["array does not overlap", attr("tags", "in", ["desktop"]), false],
    ["in a non-array value", attr("plan", "in", "pro"), false],
    ["missing in", attr("unknown", "in", ["x"]), false],
    // dotted paths
    ["dotted path", attr("address.city", "eq", "Pune"), true],
    ["deep dotted path", attr("address.geo.lat", "gt", 18), true],
    ["flat key with a dot wins", attr("utm.source", "eq", "newsletter"), true],
    ["array index in path", attr("items.0.sku", "eq", "A1"), true],
    ["missing dotted path", attr("address.zip", "exists"), false],
    ["path through a primitive", attr("plan.length", "exists"), false],
    ["no prototype reads", attr("__proto__", "exists"), false],
    ["no inherited reads", attr("constructor", "exists"), false],
  ])("%s", (_name, filter, expected) => {
    expect(evaluateFilter(filter, scope()).ok).toBe(expected);
  });
});

describe("is_today", () => {
  // New York is UTC-4 in May; Kolkata is UTC+5:30.
  it.each<[string, unknown, unknown, string, string, boolean]>([
    ["NY, first second of the day", "1990-05-15", undefined, "America/New_York", "2024-05-15T04:00:00Z", true],
    ["NY, last second of the day before", "1990-05-15", undefined, "America/New_York", "2024-05-15T03:59:59Z", false],
    ["NY, last second of the day", "1990-05-15", "anniversary", "America/New_York", "2024-05-16T03:59:59Z", true],
    ["NY, the next day", "1990-05-15", undefined, "America/New_York", "2024-05-16T04:00:00Z", false],
    ["Kolkata, local midnight", "1990-05-15", undefined, "Asia/Kolkata", "2024-05-14T18:30:00Z", true],
    ["Kolkata, a second before", "1990-05-15", undefined, "Asia/Kolkata", "2024-05-14T18:29:59Z", false],
    ["leap-day birthday on Feb 28 of a common year", "2000-02-29", undefined, "UTC", "2025-02-28T12:00:00Z", true],
    ["leap-day birthday not on Mar 1", "2000-02-29", undefined, "UTC", "2025-03-01T12:00:00Z", false],
    ["leap-day birthday not on Feb 28 of a leap year", "2000-02-29", undefined, "UTC", "2024-02-28T12:00:00Z", false],
    ["leap-day birthday on Feb 29", "2000-02-29", undefined, "UTC", "2024-02-29T12:00:00Z", true],
    ["instant read in the user's zone", "2024-05-15T02:00:00Z", undefined, "America/New_York", "2024-05-14T20:00:00Z", true],
    ["epoch ms", T("1990-05-15T12:00:00Z"), undefined, "UTC", "2024-05-15T00:00:00Z", true],
    ["date mode: same date", "2024-05-15T02:00:00Z", "date", "America/New_York", "2024-05-15T01:00:00Z", true],
    ["date mode: local date differs", "2024-05-15T02:00:00Z", "date", "America/New_York", "2024-05-15T12:00:00Z", false],
    ["date mode: other year", "1990-05-15", "date", "UTC", "2024-05-15T12:00:00Z", false],
    ["unknown mode", "1990-05-15", "birthday", "UTC", "2024-05-15T12:00:00Z", false],
    ["not a date", "someday", undefined, "UTC", "2024-05-15T12:00:00Z", false],
    ["missing", undefined, undefined, "UTC", "2024-05-15T12:00:00Z", false],
  ])("%s", (_name, birthday, value, timeZone, now, expected) => {
    const filter = attr("birthday", "is_today", value);
    expect(evaluateFilter(filter, scope({ attributes: { birthday }, timeZone, now: T(now) })).ok).toBe(expected);
  });
});

describe("before / after", () => {
  it.each<[string, string, FilterOp, unknown, string, boolean]>([
    ["seen before 30 days ago", "2024-05-01T10:00:00Z", "before", "-30d", "UTC", true],
    ["seen recently is not before 30 days ago", "2024-06-01", "before", "-30d", "UTC", false],
    ["seen after 30 days ago", "2024-06-01", "after", "-30d", "UTC", true],
    ["due within the next 7 days", "2024-06-20", "before", "+7d", "UTC", true],
    ["due after the next 7 days", "2024-06-25", "after", "7d", "UTC", true],
    ["after an ISO date", "2024-06-15", "after", "2024-06-14", "UTC", true],
    ["strictly after", "2024-06-15", "after", "2024-06-15", "UTC", false],
    ["date-only value is local midnight (New York)", "2024-06-15T03:00:00Z", "before", "2024-06-15", "America/New_York", true],
    ["date-only value is local midnight (UTC)", "2024-06-15T03:00:00Z", "before", "2024-06-15", "UTC", false],
    ["not a date", "soon", "before", "-30d", "UTC", false],
    ["value not a date", "2024-06-15", "after", "last week", "UTC", false],
  ])("%s", (_name, actual, op, value, timeZone, expected) => {
    expect(evaluateFilter(attr("d", op, value), scope({ attributes: { d: actual }, timeZone })).ok).toBe(expected);
  });

  it("relative durations use calendar days in the user's zone", () => {
    // now = 2024-03-20 12:00 EDT; -30d = 2024-02-19 12:00 EST = 17:00Z
    const now = T("2024-03-20T16:00:00Z");
    const at = (d: string): boolean =>
      evaluateFilter(attr("d", "after", "-30d"), scope({ attributes: { d }, timeZone: "America/New_York", now })).ok;
    expect(at("2024-02-19T16:30:00Z")).toBe(false);
    expect(at("2024-02-19T17:00:01Z")).toBe(true);
  });

  it("missing is false for both", () => {
    expect(evaluateFilter(attr("nope", "before", "-1d"), scope()).ok).toBe(false);
    expect(evaluateFilter(attr("nope", "after", "-1d"), scope()).ok).toBe(false);
  });
});

const order: UserEvent = {
  name: "Order Completed",
  properties: { total: 80, currency: "EUR", items: [{ sku: "A1" }], coupon: null },
  at: NOW,
};
const prop = (property: string, op: FilterOp, value?: unknown): Filter => (value === undefined ? { property, op } : { property, op, value });

describe("property leaves", () => {
  it.each<[string, Filter, boolean]>([
    ["property eq", prop("currency", "eq", "EUR"), true],
    ["property gte", prop("total", "gte", 50), true],
    ["property dotted", prop("items.0.sku", "eq", "A1"), true],
    ["$event is the name", prop("$event", "eq", "Order Completed"), true],
    ["$event in", prop("$event", "in", ["Order Refunded"]), false],
    ["null property not_exists", prop("coupon", "not_exists"), true],
    ["missing property neq", prop("channel", "neq", "web"), true],
    ["properties do not read attributes", prop("plan", "exists"), false],
  ])("%s", (_name, filter, expected) => {
    expect(evaluateFilter(filter, scope({ event: order })).ok).toBe(expected);
  });

  it.each<[FilterOp, unknown, boolean]>([
    ["eq", "EUR", false],
    ["neq", "EUR", false],
    ["exists", undefined, false],
    ["not_exists", undefined, true],
  ])("no event in scope: %s → %s", (op, value, expected) => {
    const result = evaluateFilter(prop("currency", op, value), scope());
    expect(result.ok).toBe(expected);
    expect(result.reason).toContain("no event");
  });
});

describe("all / any / not", () => {
  const big: Filter = attr("cart_items", "gt", 0);
  const free: Filter = attr("plan", "eq", "free");
  it.each<[string, Filter, boolean]>([
    ["all true", { all: [big, attr("plan", "eq", "pro")] }, true],
    ["all with one false", { all: [big, free] }, false],
    ["any with one true", { any: [free, big] }, true],
    ["any all false", { any: [free, attr("vip", "eq", false)] }, false],
    ["not false", { not: free }, true],
    ["not true", { not: big }, false],
    ["nested", { all: [{ any: [free, { not: free }] }, { property: "total", op: "gt", value: 10 }] }, true],
  ])("%s", (_name, filter, expected) => {
    expect(evaluateFilter(filter, scope({ event: order })).ok).toBe(expected);
  });
});

describe("reasons", () => {
  it.each<[Filter, Partial<FilterScope>, string]>([
    [attr("cart_items", "gt", 0), {}, "cart_items gt 0: 3 → true"],
    [attr("plan", "in", ["free", "team"]), {}, 'plan in ["free","team"]: "pro" → false'],
    [attr("unknown", "exists"), {}, "unknown exists: missing → false"],
    [attr("plan", "gt", "a"), {}, 'plan gt "a": "pro" → false (not numbers or dates)'],
    [prop("total", "lt", 100), { event: order }, "event.total lt 100: 80 → true"],
    [prop("$event", "eq", "Signed Up"), { event: order }, '$event eq "Signed Up": "Order Completed" → false'],
    [{ all: [attr("cart_items", "gt", 0), attr("plan", "eq", "free")] }, {}, 'all → false: plan eq "free": "pro" → false'],
    [{ any: [attr("plan", "eq", "free"), attr("vip", "eq", false)] }, {}, 'any(plan eq "free": "pro" → false; vip eq false: true → false) → false'],
    [{ not: attr("vip", "exists") }, {}, "not(vip exists: true → true) → false"],
  ])("%o", (filter, overrides, reason) => {
    expect(evaluateFilter(filter, scope(overrides)).reason).toBe(reason);
  });

  it("long reasons are clipped", () => {
    const many: Filter = { any: Array.from({ length: 40 }, (_, i) => attr(`field_${i}`, "eq", "some long value")) };
    const { ok, reason } = evaluateFilter(many, scope());
    expect(ok).toBe(false);
    expect(reason.length).toBeLessThanOrEqual(400);
    expect(reason.endsWith("...")).toBe(true);
  });
});

describe("odd data never throws", () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each<[string, string, Record<string, unknown>]>([
    ["unknown op", '{ "attribute": "plan", "op": "matches", "value": "p.*" }', attributes],
    ["empty object", "{}", attributes],
    ["null filter", "null", attributes],
    ["all not a list", '{ "all": "yes" }', attributes],
    ["not of nothing", '{ "not": null }', attributes],
    ["not of an unknown op", '{ "not": { "attribute": "plan", "op": "like", "value": "p" } }', attributes],
    ["malformed child of all", '{ "all": [{ "attribute": "plan", "op": "exists" }, { "op": "exists" }] }', attributes],
    ["malformed child of any before a true one", '{ "any": [{ "nope": 1 }, { "attribute": "plan", "op": "exists" }] }', attributes],
    ["attribute not a string", '{ "attribute": 3, "op": "exists" }', attributes],
    ["cyclic value", '{ "attribute": "x", "op": "eq", "value": 1 }', { x: cyclic }],
    ["NaN value", '{ "attribute": "x", "op": "gt", "value": 1 }', { x: Number.NaN }],
  ])("%s → false", (_name, json, attrs) => {
    const filter: Filter = JSON.parse(json);
    const result = evaluateFilter(filter, scope({ attributes: attrs }));
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/→ false/);
  });

  it("a cyclic attribute still prints a reason", () => {
    expect(evaluateFilter(attr("x", "exists"), scope({ attributes: { x: cyclic } })).reason).toBe("x exists: [unprintable] → true");
  });

  it("very deep nesting is refused, not a stack overflow", () => {
    let filter: Filter = attr("plan", "exists");
    for (let i = 0; i < 100; i++) filter = { not: { not: filter } };
    expect(evaluateFilter(filter, scope())).toEqual({ ok: false, reason: expect.stringContaining("nested too deep") });
  });

  it("an invalid time zone reads as UTC", () => {
    const filter = attr("birthday", "is_today");
    expect(evaluateFilter(filter, scope({ attributes: { birthday: "1990-05-15" }, timeZone: "Mars/Base", now: T("2024-05-15T23:59:59Z") })).ok).toBe(true);
  });
});

describe("matchesEvent", () => {
  const base = { attributes, timeZone: "UTC", now: NOW };
  it.each<[string, { event: string; where?: Filter }, boolean]>([
    ["name only", { event: "Order Completed" }, true],
    ["other name", { event: "Order Refunded" }, false],
    ["names are case-sensitive", { event: "order completed" }, false],
    ["where on a property holds", { event: "Order Completed", where: prop("total", "gte", 50) }, true],
    ["where on a property fails", { event: "Order Completed", where: prop("total", "gte", 100) }, false],
    ["where on an attribute", { event: "Order Completed", where: attr("plan", "eq", "pro") }, true],
    ["where mixing both", { event: "Order Completed", where: { all: [prop("currency", "eq", "EUR"), attr("vip", "eq", false)] } }, false],
  ])("%s", (_name, matcher, expected) => {
    expect(matchesEvent(matcher, order, base)).toBe(expected);
  });
});
