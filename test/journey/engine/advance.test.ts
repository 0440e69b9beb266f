import { describe, expect, it } from "vitest";
import { effectsOf, event, fakeUser, feed, fire, journey, reasons, start, t } from "./helpers.ts";

const T0 = t("2024-06-03T10:00:00Z");

describe("advance: smoke", () => {
  it("runs wait → send → end", () => {
    const def = journey({
      w: { type: "wait", duration: "2h", next: "s" },
      s: { type: "send", channel: "email", template: "hello", next: "e" },
      e: { type: "end" },
    });
    const s1 = start(def, T0);
    expect(s1.run.waiting).toEqual({ type: "timer", node: "w", timerId: "r1:1", at: t("2024-06-03T12:00:00Z") });
    const s2 = feed(def, s1, fire(s1.run), t("2024-06-03T12:00:00Z"));
    expect(effectsOf(s2, "send").map((e) => e.template)).toEqual(["hello"]);
    expect(s2.run.status).toBe("ended");
    console.log(reasons(s1), reasons(s2));
  });
});
