import { describe, expect, it } from "vitest";
import { ends, journey, run, sends } from "./seed-kit.ts";

const cart = journey("02-cart-abandonment.json");
const added = { at: "2024-05-01T10:00:00Z", event: "Added To Cart", properties: { product_id: "sku-1", name: "Trail shoes", category: "shoes" } };
const shopper = { email: "ada@example.com", cart_items: 2, web_push_subscribed: true };
const until = "2024-05-03T00:00:00Z";

describe("02 cart abandonment", () => {
  it.each([
    {
      name: "checkout within 2 h → nothing sent, run exits and converts",
      traits: shopper,
      later: [{ at: "2024-05-01T11:15:00Z", event: "Order Completed" }],
      sent: [],
      end: "sim-1 exit_event @ 2024-05-01T11:15:00.000Z",
    },
    {
      name: "checkout exactly at the 2 h timeout counts as in time (events before timers)",
      traits: shopper,
      later: [{ at: "2024-05-01T12:00:00Z", event: "Order Completed" }],
      sent: [],
      end: "sim-1 exit_event @ 2024-05-01T12:00:00.000Z",
    },
    {
      name: "no checkout, push reachable → push then email",
      traits: shopper,
      later: [],
      sent: ["web_push cart-push @ 2024-05-01T12:00:00.000Z", "email cart-email @ 2024-05-01T12:00:00.000Z"],
      end: "sim-1 completed @ 2024-05-01T12:00:00.000Z",
    },
    {
      name: "push unreachable → only email",
      traits: { ...shopper, web_push_subscribed: false },
      later: [],
      sent: ["email cart-email @ 2024-05-01T12:00:00.000Z"],
      end: "sim-1 completed @ 2024-05-01T12:00:00.000Z",
    },
    {
      name: "email bounced → only push",
      traits: { ...shopper, email_bounced: true },
      later: [],
      sent: ["web_push cart-push @ 2024-05-01T12:00:00.000Z"],
      end: "sim-1 completed @ 2024-05-01T12:00:00.000Z",
    },
    {
      name: "cart emptied before the timeout → nothing",
      traits: shopper,
      later: [{ at: "2024-05-01T11:00:00Z", traits: { cart_items: 0 } }],
      sent: [],
      end: "sim-1 completed @ 2024-05-01T12:00:00.000Z",
    },
  ])("$name", ({ traits, later, sent, end }) => {
    const result = run(cart, { traits }, [added, ...later], until);
    expect(sends(result)).toEqual(sent);
    expect(ends(result)).toEqual([end]);
  });

  it("fetches related products from the cart item's category before the email", () => {
    const result = run(cart, { traits: shopper }, [added], until);
    expect(result.path).toEqual(["wait_checkout", "cart_not_empty", "push_ok", "push", "email_ok", "related", "email", "end"]);
    const fetches = result.effects.flatMap(({ effect }) => (effect.type === "fetch_data" ? [effect] : []));
    expect(fetches.map((f) => [f.node, f.url.includes("category={{ event.properties.category"), f.event.properties["category"]])).toEqual([
      ["related", true, "shoes"],
    ]);
  });

  it("more items added while a run waits do not start a second run; after it ends they do", () => {
    const more = { at: "2024-05-01T10:30:00Z", event: "Added To Cart", properties: { product_id: "sku-2" } };
    const nextDay = { at: "2024-05-02T09:00:00Z", event: "Added To Cart", properties: { product_id: "sku-3" } };
    const result = run(cart, { traits: shopper }, [added, more, nextDay], until);
    expect(result.runs.map((r) => [r.id, r.enteredAt])).toEqual([
      ["sim-1", "2024-05-01T10:00:00.000Z"],
      ["sim-2", "2024-05-02T09:00:00.000Z"],
    ]);
    expect(sends(result)).toHaveLength(4);
  });

  it("an order after the reminders still counts as the run's conversion (goal after end)", () => {
    const result = run(cart, { traits: shopper }, [added, { at: "2024-05-02T08:00:00Z", event: "Order Completed" }], until);
    expect(result.runs[0]).toMatchObject({ endReason: "completed", endedAt: "2024-05-01T12:00:00.000Z", goalAt: "2024-05-02T08:00:00.000Z" });
  });
});
