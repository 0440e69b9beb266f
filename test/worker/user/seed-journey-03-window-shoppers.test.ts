/**
 * Seed journey 3 (window shoppers) through the real Worker and User Durable Object: the examples/
 * journey, segments and templates published with the admin API, product views sent to
 * POST /v1/track, the segment `repeat-browser` kept by the object (entered on the 4th view in 7
 * days, left when a view ages out), timers run by the object's alarm, sends through the channel
 * adapters to fake providers. Checked from the admin API: message log and trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import shoppers from "../../../examples/journeys/03-window-shoppers.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, segmentChanges, why, type SeedUser } from "./helpers/seed-route-world.ts";

const J = "window-shoppers";
const known = { email: "ada@example.com", phone: "+14155550100", sms_opt_in: true };
const withApp = { ...known, fcm_token: "fcm-ada" };
const shirt = { product_id: "sku-9", name: "Linen shirt" };

beforeAll(() => publishSeeds([shoppers]));
afterAll(() => resetUserObjectDeps());

/** A user browsing on 2026-05-04 with the site's recommendation engine knowing their searches. */
function shopper(): SeedUser {
  return seedWorld("2026-05-04T09:55:00Z", () => ({ views: ["sku-9"], searches: ["linen shirts"] })).user("shopper");
}

/** Product views at each time (UTC, 2026-05-04 unless a full date is given). */
async function views(u: SeedUser, times: string[]): Promise<void> {
  for (const t of times) {
    await u.at(t.includes("T") ? t : `2026-05-04T${t}:00Z`);
    await u.track("Product Viewed", shirt);
  }
}

describe("window shoppers (seed 3) through the User DO", () => {
  it("a repeat browser with the app who does not buy: push built from their history at 60 min, recommendations email at 90 min, SMS offer 12 h later", async () => {
    const u = shopper();
    await u.identify(withApp);
    await views(u, ["10:00", "10:05", "10:10", "10:15"]);
    expect((await u.profile()).segments).toEqual(["repeat-browser"]);
    await u.at("2026-05-04T11:00:00Z");
    await u.at("2026-05-04T11:30:00Z");
    await u.at("2026-05-04T23:30:00Z");
    expect(await u.sent()).toEqual([
      ["push_discount", "mobile_push", "window-shopper-push", "sent", "2026-05-04T11:00:00.000Z"],
      ["recommendations_email", "email", "window-shopper-recommendations", "sent", "2026-05-04T11:30:00.000Z"],
      ["sms_offer", "sms", "window-shopper-sms", "sent", "2026-05-04T23:30:00.000Z"],
    ]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([
      "known_user → yes", "wait_checkout_60m → timeout", "repeat_browser → yes", "history → next", "push_ok → yes",
      "wait_checkout_30m → timeout", "wait_checkout_12h → timeout",
    ]);
    expect(segmentChanges(trace)).toEqual(["2026-05-04T10:15:00.000Z entered segment repeat-browser: Product Viewed count gt 3 within 7d: 4 → true"]);
    expect(why(trace, "repeat_browser")).toBe("in_segment repeat-browser: yes → history");
    // The history fetched for this user personalises the push.
    const [history] = u.world.providers.to("recommendations.example.com");
    expect(history?.url.pathname).toBe(`/v1/users/${u.id}/history`);
    const [push] = u.world.providers.to("fcm.test");
    expect(JSON.parse(push?.text ?? "{}")).toMatchObject({
      message: { token: "fcm-ada", notification: { title: "Still looking at Linen shirt?", body: expect.stringContaining('We found more like "linen shirts".') } },
    });
    expect((await u.profile()).runs).toEqual([]);
  });

  it("a repeat browser without the app, on the site: on-site overlay at 60 min, then checkout within 30 min → thank-you email and nothing more", async () => {
    const u = shopper();
    await u.identify(known);
    await views(u, ["10:00", "10:05", "10:10", "10:15"]);
    expect(await u.inbox()).toEqual([]); // the site's SDK polls: an SDK session, nothing to show yet
    await u.at("2026-05-04T11:00:00Z");
    expect((await u.inbox()).map((m) => [m["channel"], m["template"], m["title"], m["body"]])).toEqual([
      ["web_overlay", "window-shopper-overlay", "15% off, just for today", "Still thinking about Linen shirt? Use code LOOK15 at checkout in the next 24 hours."],
    ]);
    await u.at("2026-05-04T11:20:00Z");
    await u.track("Order Completed", { order_id: "o-7" });
    await u.at("2026-05-05T00:00:00Z");
    expect(await u.sent()).toEqual([
      ["overlay_discount", "web_overlay", "window-shopper-overlay", "sent", "2026-05-04T11:00:00.000Z"],
      ["thank_you", "email", "window-shopper-thank-you", "sent", "2026-05-04T11:20:00.000Z"],
    ]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([
      "known_user → yes", "wait_checkout_60m → timeout", "repeat_browser → yes", "history → next", "push_ok → no", "wait_checkout_30m → next",
    ]);
    expect(why(trace, "push_ok")).toBe("is_reachable mobile_push: no → overlay_discount");
    expect(u.world.providers.to("fcm.test")).toEqual([]);
    expect(u.world.providers.to("api.twilio.test")).toEqual([]);
  });

  it("only two product views: not a repeat browser, so the run ends after the hour without a message", async () => {
    const u = shopper();
    await u.identify(withApp);
    await views(u, ["10:00", "10:20"]);
    await u.at("2026-05-04T11:00:00Z");
    await u.at("2026-05-05T00:00:00Z");
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["known_user → yes", "wait_checkout_60m → timeout", "repeat_browser → no"]);
    expect(why(trace, "repeat_browser")).toBe("in_segment repeat-browser: no → end");
    expect(segmentChanges(trace)).toEqual([]);
    expect(u.world.providers.to("recommendations.example.com")).toEqual([]);
  });

  it("a repeat browser whose oldest view leaves the 7-day window before the hour is up is no longer one: no message", async () => {
    const u = shopper();
    await u.identify(withApp);
    await views(u, ["10:00", "10:05", "10:10"]); // day 0: three views, the first run ends at 11:00 (not a repeat browser)
    await u.at("2026-05-04T11:00:00Z");
    await views(u, ["2026-05-11T09:30:00Z"]); // a week later: 4 views within 7 days → repeat browser; a new run (re-entry after 1 day)
    expect((await u.profile()).segments).toEqual(["repeat-browser"]);
    await u.at("2026-05-11T10:00:00Z"); // the 10:00 view of May 4 ages out, by the object's timer
    expect((await u.profile()).segments).toEqual([]);
    await u.at("2026-05-11T10:30:00Z");
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(segmentChanges(trace)).toEqual([
      "2026-05-11T09:30:00.000Z entered segment repeat-browser: Product Viewed count gt 3 within 7d: 4 → true",
      "2026-05-11T10:00:00.000Z left segment repeat-browser: Product Viewed count gt 3 within 7d: 3 → false",
    ]);
    expect(trace.filter((t) => t.kind === "branch" && t.node === "repeat_browser").map((t) => [t.runId, t.at, t.branch])).toEqual([
      ["window-shoppers:1", "2026-05-04T11:00:00.000Z", "no"],
      ["window-shoppers:2", "2026-05-11T10:30:00.000Z", "no"],
    ]);
  });

  it("checkout within 60 min: the wait ends the run, nothing is sent", async () => {
    const u = shopper();
    await u.identify(withApp);
    await views(u, ["10:00", "10:05", "10:10", "10:15"]);
    await u.at("2026-05-04T10:40:00Z");
    await u.track("Order Completed", { order_id: "o-8" });
    await u.at("2026-05-05T00:00:00Z");
    expect(await u.sent()).toEqual([]);
    expect(decisions(await u.trace(), J)).toEqual(["known_user → yes", "wait_checkout_60m → next"]);
  });

  it("a visitor the shop cannot contact (no email, no phone) leaves at once", async () => {
    const u = shopper();
    await u.identify({ first_name: "Ada", fcm_token: "fcm-ada" });
    await views(u, ["10:00", "10:05", "10:10", "10:15"]);
    await u.at("2026-05-05T00:00:00Z");
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["known_user → no"]);
    expect((await u.profile()).runs).toEqual([]);
  });
});
