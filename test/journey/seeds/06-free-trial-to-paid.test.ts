import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const trial = journey("06-free-trial-to-paid.json");
const started = { at: "2024-06-01T10:00:00Z", event: "Trial Started", properties: { plan: "premium" } };
const login = (at: string) => ({ at, event: "Logged In" });
// Three logins in the 7 days before the offer on 2024-06-08 10:00: "engaged".
const engagedLogins = [login("2024-06-03T08:00:00Z"), login("2024-06-05T08:00:00Z"), login("2024-06-07T08:00:00Z")];
const learner = { email: "ada@example.com", web_push_subscribed: true, score: 0 };
const paid = (at: string) => ({ at, event: "Subscription Payment Completed", properties: { plan: "premium" } });
const until = "2024-06-20T00:00:00Z";

describe("06 free trial to paid", () => {
  it("subscribing during the 7-day trial: nothing sent", () => {
    const result = run(trial, { traits: learner }, [started, ...engagedLogins, paid("2024-06-06T09:00:00Z")], until);
    expect(sends(result)).toEqual([]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-06-06T09:00:00.000Z"]);
    expect(result.traits["score"]).toBe(0);
  });

  it("not engaged after 7 days → end, nothing sent", () => {
    const result = run(trial, { traits: learner }, [started, login("2024-06-02T08:00:00Z")], until);
    expect(sends(result)).toEqual([]);
    expect(result.path).toEqual(["wait_subscription_7d", "engaged", "end"]);
  });

  it("engaged with web push → premium push; paying within 48 h → score +10", () => {
    const result = run(trial, { traits: learner }, [started, ...engagedLogins, paid("2024-06-09T18:00:00Z")], until);
    expect(sends(result)).toEqual(["web_push trial-premium-push @ 2024-06-08T10:00:00.000Z"]);
    expect(result.traits["score"]).toBe(10);
    expect(result.path.slice(-2)).toEqual(["score_subscribed", "end"]);
    expect(result.runs[0]?.goalAt).toBe("2024-06-09T18:00:00.000Z");
  });

  it("engaged without web push → premium email instead", () => {
    const result = run(trial, { traits: { ...learner, web_push_subscribed: false } }, [started, ...engagedLogins], until);
    expect(sends(result)[0]).toBe("email trial-premium-email @ 2024-06-08T10:00:00.000Z");
  });

  it("no payment but a course in the cart → cart email; buying within 24 h → score +10", () => {
    const cart = { at: "2024-06-04T12:00:00Z", event: "Added To Cart", properties: { item_type: "course", course_id: "ts-101" } };
    const order = { at: "2024-06-10T20:00:00Z", event: "Order Completed", properties: { course_id: "ts-101" } };
    const result = run(trial, { traits: learner }, [started, ...engagedLogins, cart, order], until);
    expect(sends(result)).toEqual([
      "web_push trial-premium-push @ 2024-06-08T10:00:00.000Z",
      "email trial-cart-email @ 2024-06-10T10:00:00.000Z",
    ]);
    expect(result.traits["score"]).toBe(10);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-06-10T20:00:00.000Z"]);
  });

  it("a course in the cart but no purchase within 24 h → ends without points", () => {
    const cart = { at: "2024-06-04T12:00:00Z", event: "Added To Cart", properties: { item_type: "course" } };
    const result = run(trial, { traits: learner }, [started, ...engagedLogins, cart], until);
    expect(sends(result)).toHaveLength(2);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-06-11T10:00:00.000Z"]);
    expect(result.traits["score"]).toBe(0);
  });

  it("no payment and nothing but merchandise in the cart → no cart email", () => {
    const cart = { at: "2024-06-04T12:00:00Z", event: "Added To Cart", properties: { item_type: "merch" } };
    const result = run(trial, { traits: learner }, [started, ...engagedLogins, cart], until);
    expect(sends(result)).toEqual(["web_push trial-premium-push @ 2024-06-08T10:00:00.000Z"]);
    expect(result.path.slice(-2)).toEqual(["added_course", "end"]);
  });

  it("a second trial never enters again", () => {
    const again = { at: "2024-06-15T10:00:00Z", event: "Trial Started" };
    const result = run(trial, { traits: learner }, [started, again], until);
    expect(result.runs).toHaveLength(1);
  });
});
