import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { evaluateSegment } from "../../../worker/journey/segments/evaluate-segment.ts";
import { factsFromEvents } from "../../../worker/journey/segments/facts-from-events.ts";
import type { Segment } from "../../../worker/journey/schema/segment.ts";
import type { UserEvent } from "../../../worker/journey/types.ts";

const t = (iso: string): number => Date.parse(iso);
const ev = (name: string, at: string, properties: Record<string, unknown> = {}): UserEvent => ({ name, at: t(at), properties });
const seed = (id: string): Segment => JSON.parse(readFileSync(new URL(`../../../examples/segments/${id}.json`, import.meta.url), "utf8")) as Segment;
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

interface Case {
  name: string;
  segment: Segment;
  events?: UserEvent[];
  attributes?: Record<string, unknown>;
  timeZone?: string;
  firstSeenAt?: string;
  now: string;
  member: boolean;
  changesAt: string | null;
}

const views = (...ats: string[]): UserEvent[] => ats.map((at) => ev("Product Viewed", at));

const cases: Case[] = [
  {
    name: "D-30: active 10 days ago → not yet, entered exactly 30 days after the last event",
    segment: seed("d-30"),
    events: [ev("Page Viewed", "2024-03-01T09:15:00Z"), ev("Logged In", "2024-03-05T18:00:00Z")],
    now: "2024-03-15T00:00:00Z",
    member: false,
    changesAt: "2024-04-04T18:00:00.000Z",
  },
  {
    name: "D-30: 30 days to the millisecond → member, nothing more changes on its own",
    segment: seed("d-30"),
    events: [ev("Logged In", "2024-03-05T18:00:00Z")],
    now: "2024-04-04T18:00:00Z",
    member: true,
    changesAt: null,
  },
  {
    name: "D-30 in Paris keeps the local time across the DST change (30 calendar days)",
    segment: seed("d-30"),
    events: [ev("Logged In", "2024-03-20T08:00:00Z")], // 09:00 CET
    timeZone: "Europe/Paris",
    now: "2024-03-21T00:00:00Z",
    member: false,
    changesAt: "2024-04-19T07:00:00.000Z", // 09:00 CEST
  },
  {
    name: "D-60 with no events falls back to first seen",
    segment: seed("d-60"),
    firstSeenAt: "2024-01-01T00:00:00Z",
    now: "2024-02-01T00:00:00Z",
    member: false,
    changesAt: "2024-03-01T00:00:00.000Z",
  },
  {
    name: "D-90 with nothing known about activity is never entered",
    segment: seed("d-90"),
    now: "2024-02-01T00:00:00Z",
    member: false,
    changesAt: null,
  },
  {
    name: "repeat browser: 4 views in 7 days → member until the oldest ages out",
    segment: seed("repeat-browser"),
    events: views("2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z", "2024-05-06T12:00:00Z"),
    now: "2024-05-06T12:00:00Z",
    member: true,
    changesAt: "2024-05-08T10:00:00.000Z",
  },
  {
    name: "repeat browser: 5 views → stays until the second oldest ages out",
    segment: seed("repeat-browser"),
    events: views("2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z", "2024-05-04T10:00:00Z", "2024-05-06T12:00:00Z"),
    now: "2024-05-06T12:00:00Z",
    member: true,
    changesAt: "2024-05-09T10:00:00.000Z",
  },
  {
    name: "repeat browser: exactly 3 views is not more than 3; adding views is new input, so no timer",
    segment: seed("repeat-browser"),
    events: views("2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z"),
    now: "2024-05-03T10:00:00Z",
    member: false,
    changesAt: null,
  },
  {
    name: "repeat browser: views older than 7 days do not count",
    segment: seed("repeat-browser"),
    events: views("2024-04-01T10:00:00Z", "2024-04-02T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z"),
    now: "2024-05-03T10:00:00Z",
    member: false,
    changesAt: null,
  },
  {
    name: "no-login-7d: never logged in → not a member",
    segment: seed("no-login-7d"),
    events: [ev("Page Viewed", "2024-05-01T10:00:00Z")],
    now: "2024-05-20T00:00:00Z",
    member: false,
    changesAt: null,
  },
  {
    name: "no-login-7d: entered 7 days after the last login",
    segment: seed("no-login-7d"),
    events: [ev("Logged In", "2024-05-01T10:00:00Z"), ev("Logged In", "2024-05-03T08:30:00Z")],
    now: "2024-05-04T00:00:00Z",
    member: false,
    changesAt: "2024-05-10T08:30:00.000Z",
  },
  {
    name: "about to churn: active subscriber with 3 logins in 15 days → enters when the oldest ages out",
    segment: seed("about-to-churn"),
    attributes: { subscription_status: "active" },
    events: [ev("Logged In", "2024-06-01T09:00:00Z"), ev("Logged In", "2024-06-05T09:00:00Z"), ev("Logged In", "2024-06-10T09:00:00Z")],
    now: "2024-06-10T09:00:00Z",
    member: false,
    changesAt: "2024-06-16T09:00:00.000Z",
  },
  {
    name: "about to churn: not a subscriber → logins ageing out change nothing",
    segment: seed("about-to-churn"),
    attributes: { subscription_status: "cancelled" },
    events: [ev("Logged In", "2024-06-01T09:00:00Z"), ev("Logged In", "2024-06-05T09:00:00Z"), ev("Logged In", "2024-06-10T09:00:00Z")],
    now: "2024-06-10T09:00:00Z",
    member: false,
    changesAt: null,
  },
  {
    name: "event rule with a property filter counts only matching events",
    segment: { id: "big-spender", name: "Big spender", events: [{ event: "Order Completed", where: { property: "total", op: "gte", value: 100 }, count: { op: "gte", value: 2 }, within: "30d" }] },
    events: [ev("Order Completed", "2024-06-01T09:00:00Z", { total: 150 }), ev("Order Completed", "2024-06-02T09:00:00Z", { total: 20 }), ev("Order Completed", "2024-06-03T09:00:00Z", { total: 100 })],
    now: "2024-06-04T00:00:00Z",
    member: true,
    changesAt: "2024-07-01T09:00:00.000Z",
  },
  {
    name: "attribute filter relative to now: trial ends within 3 days → enters 3 days before",
    segment: { id: "trial-ending", name: "Trial ending", where: { attribute: "trial_ends_at", op: "before", value: "3d" } },
    attributes: { trial_ends_at: "2024-06-20T12:00:00Z" },
    now: "2024-06-10T00:00:00Z",
    member: false,
    changesAt: "2024-06-17T12:00:00.001Z",
  },
  {
    name: "birthday today (user's zone) → re-checked at the next local midnight",
    segment: { id: "birthday", name: "Birthday", where: { attribute: "birth_date", op: "is_today" } },
    attributes: { birth_date: "1990-06-10" },
    timeZone: "Asia/Kolkata",
    now: "2024-06-10T06:00:00Z",
    member: true,
    changesAt: "2024-06-10T18:30:00.000Z",
  },
  {
    name: "a segment with no conditions has everyone",
    segment: { id: "everyone", name: "Everyone" },
    now: "2024-06-10T06:00:00Z",
    member: true,
    changesAt: null,
  },
];

describe("evaluateSegment", () => {
  it.each(cases)("$name", (c) => {
    const now = t(c.now);
    const facts = factsFromEvents({
      attributes: c.attributes ?? {},
      timeZone: c.timeZone ?? "UTC",
      events: c.events ?? [],
      firstSeenAt: c.firstSeenAt === undefined ? undefined : t(c.firstSeenAt),
      now,
    });
    const verdict = evaluateSegment(c.segment, facts, now);
    expect({ member: verdict.member, changesAt: iso(verdict.changesAt) }).toEqual({ member: c.member, changesAt: c.changesAt });
  });

  it("membership really flips at changesAt and not a millisecond before", () => {
    const segment = seed("repeat-browser");
    const events = views("2024-05-01T10:00:00Z", "2024-05-02T10:00:00Z", "2024-05-03T10:00:00Z", "2024-05-06T12:00:00Z");
    const at = (now: number) => evaluateSegment(segment, factsFromEvents({ attributes: {}, timeZone: "UTC", events, now }), now);
    const first = at(t("2024-05-06T12:00:00Z"));
    expect(first.changesAt).not.toBeNull();
    const flip = first.changesAt ?? 0;
    expect(at(flip - 1).member).toBe(true);
    expect(at(flip).member).toBe(false);
  });

  it("explains each part in the reason", () => {
    const now = t("2024-06-10T09:00:00Z");
    const facts = factsFromEvents({ attributes: { subscription_status: "active" }, timeZone: "UTC", events: [ev("Logged In", "2024-06-09T09:00:00Z")], now });
    const { reason } = evaluateSegment(seed("about-to-churn"), facts, now);
    expect(reason).toContain("subscription_status eq");
    expect(reason).toContain("Logged In count lt 3 within 15d: 1 → true");
  });
});
