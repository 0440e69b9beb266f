/**
 * Seed journey 6 (free trial to paid) through the real Worker and User Durable Object: the
 * examples/ journey, segments and templates published with the admin API, the trial, logins,
 * cart and payments sent to POST /v1/track, the segment `engaged` (3 logins in 7 days) kept by the
 * object, the 7-day, 48-hour and 24-hour waits run by its alarm, sends through the channel
 * adapters to fake providers. Checked from the admin API: message log, trace and score.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import trial from "../../../examples/journeys/06-free-trial-to-paid.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, segmentMoves, why, type SeedUser } from "./helpers/seed-route-world.ts";

const J = "free-trial-to-paid";
const TRIAL = "2026-03-02T09:00:00Z";
const DAY_7 = "2026-03-09T09:00:00Z";

beforeAll(() => publishSeeds([trial]));
afterAll(() => resetUserObjectDeps());

/** A learner with an e-mail address, at `start`. */
async function learner(start = TRIAL): Promise<SeedUser> {
  const u = seedWorld(start).user("learner");
  await u.identify({ email: "ada@example.com", first_name: "Ada" });
  return u;
}

/** Tracks `event` at each time. */
async function trackAt(u: SeedUser, event: string, times: string[], properties: Record<string, unknown> = {}): Promise<void> {
  for (const t of times) {
    await u.at(t);
    await u.track(event, properties);
  }
}

/** Three logins on days 4, 5 and 6 of the trial: engaged at day 7. */
const loginsDuringTrial = (u: SeedUser) => trackAt(u, "Logged In", ["2026-03-06T19:00:00Z", "2026-03-07T19:00:00Z", "2026-03-08T19:00:00Z"]);

describe("free trial to paid (seed 6) through the User DO", () => {
  it("subscribes within 7 days: the wait ends the run, nothing is sent, and a second trial does not start another run", async () => {
    const u = await learner();
    await u.track("Trial Started");
    await trackAt(u, "Subscription Payment Completed", ["2026-03-05T12:00:00Z"]);
    await u.at(DAY_7);
    await trackAt(u, "Trial Started", ["2026-03-20T09:00:00Z"]); // re-entry "never"
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_subscription_7d → next"]);
    expect(trace.filter((t) => t.kind === "entered" && t.node === "wait_subscription_7d")).toHaveLength(1);
    expect((await u.profile()).runs).toEqual([]);
  });

  it("engaged, with web push: premium offer by web push at day 7; paying within 48 h adds 10 to the score", async () => {
    const u = await learner();
    await u.subscribeWebPush();
    await u.track("Trial Started");
    await loginsDuringTrial(u);
    await u.at(DAY_7);
    expect(await u.sent()).toEqual([["premium_push", "web_push", "trial-premium-push", "sent", "2026-03-09T09:00:00.000Z"]]);
    expect(u.world.providers.to("push.test")).toHaveLength(1);
    await trackAt(u, "Subscription Payment Completed", ["2026-03-10T20:00:00Z"]);
    await u.at("2026-03-13T09:00:00Z");
    const profile = await u.profile();
    expect([profile.traits["score"], profile.runs]).toEqual([10, []]);
    expect(await u.sent()).toHaveLength(1);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_subscription_7d → timeout", "engaged → yes", "push_ok → yes", "wait_payment_48h → next"]);
    expect(why(trace, "engaged")).toBe("in_segment engaged: yes → push_ok");
    expect(segmentMoves(trace, "engaged")).toEqual(["2026-03-08T19:00:00.000Z entered engaged"]);
  });

  it("engaged, no web push, no payment, but a course in the cart: premium e-mail, cart e-mail 48 h later, and the order within 24 h adds 10", async () => {
    const u = await learner();
    await u.track("Trial Started");
    await trackAt(u, "Added To Cart", ["2026-03-03T10:00:00Z"], { item_type: "course", course_id: "ts-101" });
    await loginsDuringTrial(u);
    await u.at(DAY_7);
    await u.at("2026-03-11T09:00:00Z");
    await trackAt(u, "Order Completed", ["2026-03-11T15:00:00Z"], { order_id: "o-1" });
    await u.at("2026-03-13T09:00:00Z");
    expect(await u.sent()).toEqual([
      ["premium_email", "email", "trial-premium-email", "sent", "2026-03-09T09:00:00.000Z"],
      ["cart_email", "email", "trial-cart-email", "sent", "2026-03-11T09:00:00.000Z"],
    ]);
    expect(u.world.providers.to("api.resend.test").map((r) => JSON.parse(r.text)["subject"])).toEqual(["Keep learning with Premium", "Your course is waiting in your cart"]);
    expect((await u.profile()).traits["score"]).toBe(10);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual([
      "wait_subscription_7d → timeout", "engaged → yes", "push_ok → no", "wait_payment_48h → timeout", "added_course → yes", "wait_order_24h → next",
    ]);
    expect(why(trace, "push_ok")).toBe("is_reachable web_push: no → premium_email");
  });

  it("engaged, but what is in the cart is not a course: premium e-mail only, and the run ends after 48 h", async () => {
    const u = await learner();
    await u.track("Trial Started");
    await trackAt(u, "Added To Cart", ["2026-03-03T10:00:00Z"], { item_type: "book" });
    await loginsDuringTrial(u);
    await u.at(DAY_7);
    await u.at("2026-03-11T09:00:00Z");
    await u.at("2026-03-13T09:00:00Z");
    expect(await u.sent()).toEqual([["premium_email", "email", "trial-premium-email", "sent", "2026-03-09T09:00:00.000Z"]]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_subscription_7d → timeout", "engaged → yes", "push_ok → no", "wait_payment_48h → timeout", "added_course → no"]);
    expect((await u.profile()).traits["score"]).toBeUndefined();
  });

  it("engaged when the trial began but quiet since: the object's timer takes them out of 'engaged', so day 7 ends the run without a message", async () => {
    const u = await learner("2026-02-28T09:00:00Z");
    await u.subscribeWebPush();
    await trackAt(u, "Logged In", ["2026-02-28T09:00:00Z", "2026-03-01T09:00:00Z", TRIAL]);
    await u.track("Trial Started");
    expect((await u.profile()).segments).toEqual(["engaged"]);
    await u.at("2026-03-07T09:00:00Z"); // the Feb 28 login leaves the 7-day window
    expect((await u.profile()).segments).toEqual([]);
    await u.at(DAY_7);
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(decisions(trace, J)).toEqual(["wait_subscription_7d → timeout", "engaged → no"]);
    expect(why(trace, "engaged")).toBe("in_segment engaged: no → end");
    expect(segmentMoves(trace, "engaged")).toEqual(["2026-03-02T09:00:00.000Z entered engaged", "2026-03-07T09:00:00.000Z left engaged"]);
  });
});
