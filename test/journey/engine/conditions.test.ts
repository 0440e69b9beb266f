import { describe, expect, it } from "vitest";
import type { JourneyNode } from "../../../worker/journey/schema/nodes.ts";
import { event, fakeUser, journey, start, t, type FakeUser } from "./helpers.ts";

const NOW = t("2024-06-03T10:00:00Z");
const branches = {
  yes_end: { type: "end" },
  no_end: { type: "end" },
} as const;

/** Runs a one-condition journey and returns the branch node it ended at plus the branch trace. */
function decide(node: JourneyNode, spec: FakeUser, trigger = event("Go", NOW)) {
  const def = journey({ c: node, ...branches });
  const step = start(def, NOW, fakeUser(spec), trigger);
  const branch = step.trace.find((e) => e.kind === "branch");
  return { at: step.run.path.at(-1), branch: branch?.branch, reason: branch?.reason };
}

const cond = <T extends JourneyNode>(node: T): T => node;

describe("branch nodes", () => {
  it.each<[string, JourneyNode, FakeUser, "yes_end" | "no_end", string]>([
    ["in_segment member", cond({ type: "in_segment", segment: "vip", yes: "yes_end", no: "no_end" }), { segments: ["vip"] }, "yes_end", "in_segment vip: yes → yes_end"],
    ["in_segment non-member", cond({ type: "in_segment", segment: "vip", yes: "yes_end", no: "no_end" }), { segments: ["other"] }, "no_end", "in_segment vip: no → no_end"],
    ["is_reachable yes", cond({ type: "is_reachable", channel: "web_push", yes: "yes_end", no: "no_end" }), { reachable: ["web_push"] }, "yes_end", "is_reachable web_push: yes → yes_end"],
    ["is_reachable no", cond({ type: "is_reachable", channel: "web_push", yes: "yes_end", no: "no_end" }), { reachable: ["email"] }, "no_end", "is_reachable web_push: no → no_end"],
    [
      "check_attribute true",
      cond({ type: "check_attribute", where: { attribute: "cart_items", op: "gt", value: 0 }, yes: "yes_end", no: "no_end" }),
      { attributes: { cart_items: 3 } }, "yes_end", "check_attribute [cart_items gt 0: 3 → true]: yes → yes_end",
    ],
    [
      "check_attribute false (missing attribute)",
      cond({ type: "check_attribute", where: { attribute: "cart_items", op: "gt", value: 0 }, yes: "yes_end", no: "no_end" }),
      {}, "no_end", "check_attribute",
    ],
    [
      "check_attribute birthday today in the user's zone",
      cond({ type: "check_attribute", where: { attribute: "birth_date", op: "is_today" }, yes: "yes_end", no: "no_end" }),
      { attributes: { birth_date: "1990-06-03" }, timeZone: "Asia/Tokyo" }, "yes_end", "birth_date",
    ],
    [
      "has_done_event with no history",
      cond({ type: "has_done_event", event: "Added To Cart", yes: "yes_end", no: "no_end" }),
      {}, "no_end", "has_done_event Added To Cart: 0 (needs ≥ 1): no → no_end",
    ],
    [
      "has_done_event counts the whole history by default",
      cond({ type: "has_done_event", event: "Added To Cart", yes: "yes_end", no: "no_end" }),
      { events: [event("Added To Cart", t("2020-01-01T00:00:00Z"))] }, "yes_end", "has_done_event Added To Cart: 1 (needs ≥ 1): yes → yes_end",
    ],
    [
      "has_done_event within 7d ignores older events",
      cond({ type: "has_done_event", event: "Added To Cart", within: "7d", yes: "yes_end", no: "no_end" }),
      { events: [event("Added To Cart", t("2024-05-26T09:00:00Z")), event("Added To Cart", t("2024-05-27T11:00:00Z"))] },
      "yes_end", "has_done_event Added To Cart in the last 7d: 1 (needs ≥ 1): yes → yes_end",
    ],
    [
      "has_done_event with a count rule and where",
      cond({
        type: "has_done_event", event: "Page Viewed", where: { property: "type", op: "eq", value: "product" },
        count: { op: "gt", value: 3 }, yes: "yes_end", no: "no_end",
      }),
      { events: ["product", "product", "home", "product", "product"].map((type, i) => event("Page Viewed", NOW - i * 1000, { type })) },
      "yes_end", "has_done_event Page Viewed: 4 (needs > 3): yes → yes_end",
    ],
  ])("%s", (_label, node, spec, expected, reason) => {
    const result = decide(node, spec);
    expect(result.at).toBe(expected);
    expect(result.branch).toBe(expected === "yes_end" ? "yes" : "no");
    expect(result.reason).toContain(reason);
  });

  it("check_attribute reads the trigger event's properties", () => {
    const node = cond({ type: "check_attribute", where: { property: "category", op: "eq", value: "shoes" }, yes: "yes_end", no: "no_end" });
    expect(decide(node, {}, event("Go", NOW, { category: "shoes" })).at).toBe("yes_end");
    expect(decide(node, {}, event("Go", NOW, { category: "hats" })).at).toBe("no_end");
  });
});

describe("split", () => {
  const def = journey({
    ab: { type: "split", branches: [{ weight: 20, next: "a" }, { weight: 30, next: "b" }, { weight: 50, next: "c" }] },
    a: { type: "end" }, b: { type: "end" }, c: { type: "end" },
  });
  const land = (userId: string, at = NOW): string | undefined => start(def, at, fakeUser({ userId })).run.path[1];

  it("is sticky: the same user takes the same branch on every run", () => {
    const first = land("user-42");
    for (let day = 1; day < 20; day++) expect(land("user-42", NOW + day * 86_400_000)).toBe(first);
  });

  it("distributes 10,000 users by weight within ±3 points", () => {
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 10_000; i++) {
      const node = land(`user-${i}`) ?? "";
      counts[node] = (counts[node] ?? 0) + 1;
    }
    expect(Math.abs((counts["a"] ?? 0) / 100 - 20)).toBeLessThanOrEqual(3);
    expect(Math.abs((counts["b"] ?? 0) / 100 - 30)).toBeLessThanOrEqual(3);
    expect(Math.abs((counts["c"] ?? 0) / 100 - 50)).toBeLessThanOrEqual(3);
  });

  it("traces the branch index and share", () => {
    const step = start(def, NOW, fakeUser({ userId: "user-42" }));
    const branch = step.trace.find((e) => e.kind === "branch");
    expect(branch?.reason).toMatch(/^split: branch [012] \((20|30|50)% of users, this user's bucket 0\.\d{3}\) → [abc]$/);
    expect(["0", "1", "2"]).toContain(branch?.branch);
  });
});
