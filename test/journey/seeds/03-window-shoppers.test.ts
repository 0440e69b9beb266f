import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const shoppers = journey("03-window-shoppers.json");
const view = (at: string, event = "Product Viewed") => ({ at, event, properties: { product_id: "sku-9", name: "Linen shirt" } });
// Four product views in 15 minutes: a repeat browser (more than 3 views in 7 days).
const browsing = [view("2024-05-01T10:00:00Z"), view("2024-05-01T10:05:00Z"), view("2024-05-01T10:10:00Z"), view("2024-05-01T10:15:00Z")];
const known = { email: "ada@example.com", phone: "+14155550100", sms_opt_in: true };
const withApp = { ...known, fcm_token: "fcm-1" };
const order = (at: string) => ({ at, event: "Order Completed", properties: { order_id: "o-7" } });
const until = "2024-05-03T00:00:00Z";

describe("03 window shoppers", () => {
  it("an anonymous visitor (no email, no phone) never enters the sequence", () => {
    const result = run(shoppers, { traits: {} }, browsing, until);
    expect(result.path).toEqual(["known_user", "end"]);
    expect(sends(result)).toEqual([]);
  });

  it("a known user who checks out within 60 min gets nothing", () => {
    const result = run(shoppers, { traits: withApp }, [...browsing, order("2024-05-01T10:50:00Z")], until);
    expect(sends(result)).toEqual([]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-05-01T10:50:00.000Z"]);
  });

  it("not a repeat browser (only 2 views) → ends after the hour without a message", () => {
    const result = run(shoppers, { traits: withApp }, browsing.slice(0, 2), until);
    expect(sends(result)).toEqual([]);
    expect(result.path).toEqual(["known_user", "wait_checkout_60m", "repeat_browser", "end"]);
  });

  it("repeat browser with the app: history fetched, push, then checkout within 30 min → thank-you email", () => {
    const result = run(shoppers, { traits: withApp }, [...browsing, order("2024-05-01T11:20:00Z")], until);
    expect(sends(result)).toEqual([
      "mobile_push window-shopper-push @ 2024-05-01T11:00:00.000Z",
      "email window-shopper-thank-you @ 2024-05-01T11:20:00.000Z",
    ]);
    expect(result.path.slice(2, 5)).toEqual(["repeat_browser", "history", "push_ok"]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-05-01T11:20:00.000Z"]);
  });

  it("repeat browser without the app: on-site overlay, recommendations email, then SMS after 12 h", () => {
    const result = run(shoppers, { traits: known }, browsing, until);
    expect(sends(result)).toEqual([
      "web_overlay window-shopper-overlay @ 2024-05-01T11:00:00.000Z",
      "email window-shopper-recommendations @ 2024-05-01T11:30:00.000Z",
      "sms window-shopper-sms @ 2024-05-01T23:30:00.000Z",
    ]);
    expect(result.ended).toEqual({ at: "2024-05-01T23:30:00.000Z", reason: "completed" });
  });

  it("checkout during the 12 h wait: no SMS, and no thank-you email either", () => {
    const result = run(shoppers, { traits: withApp }, [...browsing, order("2024-05-01T15:00:00Z")], until);
    expect(sends(result)).toEqual([
      "mobile_push window-shopper-push @ 2024-05-01T11:00:00.000Z",
      "email window-shopper-recommendations @ 2024-05-01T11:30:00.000Z",
    ]);
    expect(ends(result)).toEqual(["sim-1 completed @ 2024-05-01T15:00:00.000Z"]);
    expect(result.runs[0]?.goalAt).toBe("2024-05-01T15:00:00.000Z");
  });

  it("category pages count as browsing too, and one browsing session starts one run a day", () => {
    const mixed = [view("2024-05-01T10:00:00Z", "Product List Viewed"), ...browsing.slice(1), view("2024-05-01T18:00:00Z")];
    const result = run(shoppers, { traits: known }, [...mixed, view("2024-05-02T10:00:00Z")], until);
    expect(result.runs.map((r) => [r.trigger, r.enteredAt])).toEqual([
      ["Product List Viewed", "2024-05-01T10:00:00.000Z"],
      ["Product Viewed", "2024-05-02T10:00:00.000Z"],
    ]);
  });

  it("the history fetch asks for this user's views and searches", () => {
    const result = run(shoppers, { userId: "u-42", traits: withApp }, browsing, until);
    const fetch = result.effects.find(({ effect }) => effect.type === "fetch_data")?.effect;
    expect(fetch).toMatchObject({ type: "fetch_data", node: "history", method: "GET" });
    expect(fetch?.type === "fetch_data" ? fetch.url : "").toContain("{{ user.id | url_encode }}/history?include=views,searches");
  });
});
