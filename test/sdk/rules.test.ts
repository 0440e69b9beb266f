import { describe, expect, test } from "vitest";
import { pickNext, urlMatches, waitFor, type PageState, type Pending } from "../../sdk/inapp/rules.ts";
import type { DisplayRules, MessageFrame } from "../../sdk/protocol.ts";

const T0 = Date.parse("2025-06-01T12:00:00Z");
const page = (o: Partial<PageState> = {}): PageState => ({
  href: "https://shop.example/products/tee-42?color=red",
  path: "/products/tee-42",
  search: "?color=red",
  since: T0,
  scroll: 0,
  exitIntent: false,
  ...o,
});
const pending = (id: string, rules?: DisplayRules, o: Partial<MessageFrame> = {}, at = T0): Pending => ({
  message: { type: "message", id, layout: "modal", rules, ...o },
  at,
});

describe("urlMatches", () => {
  test.each([
    ["/products/*", true],
    ["/products/tee-42", true],
    ["/products", false],
    ["/cart", false],
    ["*tee*", true],
    ["/products/*?color=red", true],
    ["/products/*?color=blue", false],
    ["https://shop.example/products/*", true],
    ["https://other.example/*", false],
    ["/products/tee.42", false], // dots are literal
  ])("%s → %s", (pattern, match) => {
    expect(urlMatches(pattern, page())).toBe(match);
  });
});

describe("waitFor", () => {
  test.each<[string, DisplayRules | undefined, Partial<PageState>, number, number]>([
    ["no rules: now", undefined, {}, T0, 0],
    ["delay counts from the page start", { delayMs: 5000 }, {}, T0 + 2000, 3000],
    ["delay already passed", { delayMs: 5000 }, {}, T0 + 9000, 0],
    ["delay restarts on an SPA navigation", { delayMs: 5000 }, { since: T0 + 8000 }, T0 + 9000, 4000],
    ["url rule not met: only a navigation can help", { urls: ["/cart"] }, {}, T0, Infinity],
    ["url rule met", { urls: ["/cart", "/products/*"] }, {}, T0, 0],
    ["excluded url", { excludeUrls: ["/products/*"] }, {}, T0, Infinity],
    ["exit intent missing", { exitIntent: true }, {}, T0, Infinity],
    ["exit intent seen", { exitIntent: true }, { exitIntent: true }, T0, 0],
    ["scroll depth not reached", { scrollDepth: 50 }, { scroll: 49 }, T0, Infinity],
    ["scroll depth reached", { scrollDepth: 50 }, { scroll: 50 }, T0, 0],
    ["all rules together", { urls: ["/products/*"], scrollDepth: 30, delayMs: 1000 }, { scroll: 80 }, T0 + 400, 600],
  ])("%s", (_, rules, state, now, ms) => {
    expect(waitFor(pending("m", rules), page(state), now)).toBe(ms);
  });

  test("the delay counts from arrival when the message arrives after the page started", () => {
    expect(waitFor(pending("m", { delayMs: 5000 }, {}, T0 + 60_000), page(), T0 + 61_000)).toBe(4000);
  });

  test("an expired message never shows", () => {
    expect(waitFor(pending("m", undefined, { expiresAt: "2025-06-01T11:59:59Z" }), page(), T0)).toBe(Infinity);
    expect(waitFor(pending("m", undefined, { expiresAt: "2025-06-01T12:00:01Z" }), page(), T0)).toBe(0);
  });
});

describe("pickNext", () => {
  test("the highest priority ready message wins; ties go to the earliest arrival", () => {
    const list = [pending("low", undefined, { priority: 1 }), pending("high-1", undefined, { priority: 5 }), pending("high-2", undefined, { priority: 5 })];
    expect(pickNext(list, page(), T0).next?.message.id).toBe("high-1");
  });

  test("a higher priority message that is not ready yet does not block a ready one", () => {
    const list = [pending("later", { delayMs: 3000 }, { priority: 9 }), pending("now", undefined, { priority: 0 })];
    expect(pickNext(list, page(), T0)).toEqual({ next: list[1], wait: 3000 });
  });

  test("nothing ready: reports the shortest wait, or Infinity when only a trigger can help", () => {
    expect(pickNext([pending("a", { delayMs: 3000 }), pending("b", { delayMs: 1000 })], page(), T0)).toEqual({ next: undefined, wait: 1000 });
    expect(pickNext([pending("a", { exitIntent: true })], page(), T0)).toEqual({ next: undefined, wait: Infinity });
    expect(pickNext([], page(), T0)).toEqual({ next: undefined, wait: Infinity });
  });
});
