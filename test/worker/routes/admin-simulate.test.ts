/** POST /v1/admin/simulate: the exact contract of PRODUCT.md §3, with a definition or a stored journey id. */
import { beforeAll, describe, expect, it } from "vitest";
import cartAbandonment from "../../../examples/journeys/02-cart-abandonment.json";
import cartEmail from "../../../examples/templates/cart-email.json";
import cartPush from "../../../examples/templates/cart-push.json";
import { admin } from "./api.ts";
import { proSegment, sendJourney, emailTemplate } from "./fixtures.ts";

interface SimResult {
  path: string[];
  messages: { at: string; node: string; channel: string; template: string }[];
  ended: { at: string; reason: string } | null;
  traits: Record<string, unknown>;
}
type ErrorBody = { error: { code: string; path?: string; problems?: { path: string }[] } };

const shopper = { userId: "sim-u", traits: { email: "ada@example.com", cart_items: 2 }, reachable: { web_push: true } };
const addedToCart = { at: "2026-05-01T10:00:00Z", event: "Added To Cart", properties: { category: "shoes", product_id: "p1", name: "Sneakers" } };

beforeAll(async () => {
  await admin("PUT", "/templates/cart-push", cartPush);
  await admin("PUT", "/templates/cart-email", cartEmail);
});

describe("POST /v1/admin/simulate", () => {
  it("runs a definition on a timeline: path, messages, end and traits", async () => {
    const res = await admin<SimResult>("POST", "/simulate", { journey: cartAbandonment, profile: shopper, timeline: [addedToCart], until: "2026-05-02T00:00:00Z" });
    expect(res.status).toBe(200);
    expect(res.body.path).toEqual(["wait_checkout", "cart_not_empty", "push_ok", "push", "email_ok", "related", "email", "end"]);
    expect(res.body.messages.map(({ at, node, channel, template }) => ({ at, node, channel, template }))).toEqual([
      { at: "2026-05-01T12:00:00.000Z", node: "push", channel: "web_push", template: "cart-push" },
      { at: "2026-05-01T12:00:00.000Z", node: "email", channel: "email", template: "cart-email" },
    ]);
    expect(res.body.ended).toEqual({ at: "2026-05-01T12:00:00.000Z", reason: "completed" });
    expect(res.body.traits).toEqual(shopper.traits);
  });

  it("stops at the exit event and reports traits set on the timeline", async () => {
    const res = await admin<SimResult>("POST", "/simulate", {
      journey: cartAbandonment,
      profile: shopper,
      timeline: [addedToCart, { at: "2026-05-01T10:30:00Z", traits: { cart_items: 0 } }, { at: "2026-05-01T11:00:00Z", event: "Order Completed" }],
      until: "2026-05-02T00:00:00Z",
    });
    expect(res.body.messages).toEqual([]);
    expect(res.body.ended?.at).toBe("2026-05-01T11:00:00.000Z");
    expect(res.body.traits).toMatchObject({ cart_items: 0 });
  });

  it("simulates a stored journey by id with the published segments", async () => {
    await admin("PUT", "/segments/sim-pro", proSegment("sim-pro"));
    await admin("PUT", "/templates/sim-email", emailTemplate("sim-email"));
    await admin("PUT", "/journeys/sim-seg", {
      ...sendJourney("sim-seg", "unused", "sim-email"),
      trigger: { type: "segment", segment: "sim-pro", on: "enter" },
    });
    await admin("POST", "/journeys/sim-seg/publish");
    const res = await admin<SimResult>("POST", "/simulate", {
      journey: "sim-seg",
      profile: { userId: "sim-2", traits: { email: "b@example.com" } },
      timeline: [{ at: "2026-05-01T09:00:00Z", traits: { plan: "pro" } }],
      until: "2026-05-01T10:00:00Z",
    });
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => [m.at, m.template])).toEqual([["2026-05-01T09:00:00.000Z", "sim-email"]]);
  });

  it.each([
    ["an invalid definition", { journey: { name: "x", start: "a", nodes: {} }, profile: shopper, timeline: [], until: "2026-05-02T00:00:00Z" }, 400, "invalid_journey"],
    ["an unknown journey id", { journey: "sim-none", profile: shopper, timeline: [], until: "2026-05-02T00:00:00Z" }, 404, "journey_not_found"],
    ["a bad until", { journey: cartAbandonment, profile: shopper, timeline: [], until: "tomorrow" }, 400, "invalid_request"],
    ["a timeline item without at", { journey: cartAbandonment, profile: shopper, timeline: [{ event: "E" }], until: "2026-05-02T00:00:00Z" }, 400, "invalid_request"],
  ])("answers %s", async (_, body, status, code) => {
    const res = await admin<ErrorBody>("POST", "/simulate", body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("sends and stores nothing", async () => {
    await admin("POST", "/simulate", { journey: cartAbandonment, profile: shopper, timeline: [addedToCart], until: "2026-05-02T00:00:00Z" });
    expect((await admin("GET", "/users/sim-u")).status).toBe(404);
  });
});
