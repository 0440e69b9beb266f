import { afterEach, describe, expect, it } from "vitest";
import cart from "../../../examples/journeys/02-cart-abandonment.json";
import { HOUR, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

describe("smoke", () => {
  it("cart abandonment sends after 2h", async () => {
    const h = harness("2026-03-02T10:00:00Z");
    h.catalog.publish(cart);
    await h.identify({ cart_items: 2, web_push_subscribed: true });
    const r = await h.track("Added To Cart", { category: "shoes" });
    expect(r[0]?.status).toBe("accepted");
    expect(await h.advance(2 * HOUR)).toBe(true);
    console.log(JSON.stringify(await h.stub.getTrace(), null, 1));
    expect(await h.sentTemplates()).toEqual(["cart-push"]);
  });
});
