/**
 * Seed journey 10 (churn prediction) through the real Worker and User Durable Object: the
 * examples/ journey, segments and templates published with the admin API, logins and the
 * subscription status sent to POST /v1/track and /v1/identify, the segment `about-to-churn`
 * entered by the object's own timer at the instant the 3rd-latest login leaves the 15-day window
 * (the journey's trigger), the 24-hour login wait run by its alarm, sends through the channel
 * adapters to fake providers. Checked from the admin API: message log and trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import churn from "../../../examples/journeys/10-churn-prediction.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, segmentChanges, segmentMoves, why, type SeedUser } from "./helpers/seed-route-world.ts";

const J = "churn-prediction";
/** When the first of the three logins leaves the 15-day window. */
const CHURNING = "2026-04-16T08:00:00Z";

beforeAll(() => publishSeeds([churn]));
afterAll(() => resetUserObjectDeps());

/**
 * A paying subscriber with `contact` traits who logged in on April 1, 3 and 5 (so not about to
 * churn yet); `setup` runs first (e.g. the browser opting in to web push).
 */
async function subscriber(contact: Record<string, unknown>, status = "active", setup?: (u: SeedUser) => Promise<void>): Promise<SeedUser> {
  const u = seedWorld("2026-04-01T08:00:00Z").user("subscriber");
  await setup?.(u);
  await u.identify({ first_name: "Ada", ...contact });
  for (const day of ["01", "03", "05"]) {
    await u.at(`2026-04-${day}T08:00:00Z`);
    await u.track("Logged In");
  }
  await u.at("2026-04-05T08:05:00Z");
  await u.identify({ subscription_status: status });
  return u;
}

describe("churn prediction (seed 10) through the User DO", () => {
  it("enters 'about to churn' by the object's timer the instant the 3rd-latest login is 15 days old: offer e-mail, and a login within 24 h earns the welcome-back e-mail", async () => {
    const u = await subscriber({ email: "ada@example.com" });
    expect((await u.profile()).segments).not.toContain("about-to-churn");
    await u.at("2026-04-16T07:59:59Z");
    expect(await u.sent()).toEqual([]);
    await u.at(CHURNING);
    expect(await u.sent()).toEqual([["email_offer", "email", "churn-offer-email", "sent", "2026-04-16T08:00:00.000Z"]]);
    await u.at("2026-04-16T20:00:00Z");
    await u.track("Logged In");
    await u.at("2026-04-18T00:00:00Z");
    expect(await u.sent()).toEqual([
      ["email_offer", "email", "churn-offer-email", "sent", "2026-04-16T08:00:00.000Z"],
      ["email_welcome_back", "email", "churn-welcome-back-email", "sent", "2026-04-16T20:00:00.000Z"],
    ]);
    const trace = await u.trace();
    expect(segmentChanges(trace).filter((l) => l.includes("about-to-churn"))).toEqual([
      '2026-04-16T08:00:00.000Z entered segment about-to-churn: where subscription_status eq "active": "active" → true; Logged In count lt 3 within 15d: 2 → true',
      '2026-04-16T20:00:00.000Z left segment about-to-churn: where subscription_status eq "active": "active" → true; Logged In count lt 3 within 15d: 3 → false',
    ]);
    expect(trace.find((t) => t.kind === "entry" && t.journeyId === J)?.reason).toMatch(/^Segment Entered/);
    expect(decisions(trace, J)).toEqual(["email_ok → yes", "email_wait_login → next"]);
    expect(u.world.providers.to("api.resend.test").map((r) => JSON.parse(r.text)["subject"])).toEqual([expect.stringMatching(/^What's new in /), "Welcome back, Ada!"]);
  });

  it("no login within 24 h: the feedback e-mail asking for interest categories", async () => {
    const u = await subscriber({ email: "ada@example.com" });
    await u.at(CHURNING);
    await u.at("2026-04-17T08:00:00Z");
    expect(await u.sent()).toEqual([
      ["email_offer", "email", "churn-offer-email", "sent", "2026-04-16T08:00:00.000Z"],
      ["email_feedback", "email", "churn-feedback-email", "sent", "2026-04-17T08:00:00.000Z"],
    ]);
    expect(decisions(await u.trace(), J)).toEqual(["email_ok → yes", "email_wait_login → timeout"]);
    expect((await u.profile()).segments).toContain("about-to-churn");
  });

  // Not reachable by e-mail: web push, app push, SMS, WhatsApp in turn; the first that reaches runs the same pattern.
  const cascade: Array<{ who: string; contact: Record<string, unknown>; setup?: (u: SeedUser) => Promise<void>; path: string[]; channel: string; host: string }> = [
    { who: "a browser subscribed to web push", contact: {}, setup: (u) => u.subscribeWebPush(), path: ["email_ok → no", "web_push_ok → yes"], channel: "web_push", host: "push.test" },
    { who: "the app installed", contact: { fcm_token: "fcm-ada" }, path: ["email_ok → no", "web_push_ok → no", "mobile_push_ok → yes"], channel: "mobile_push", host: "fcm.test" },
    { who: "a phone opted in to SMS", contact: { phone: "+14155550100", sms_opt_in: true }, path: ["email_ok → no", "web_push_ok → no", "mobile_push_ok → no", "sms_ok → yes"], channel: "sms", host: "api.twilio.test" },
    { who: "a phone opted in to WhatsApp only", contact: { phone: "+14155550100", whatsapp_opt_in: true }, path: ["email_ok → no", "web_push_ok → no", "mobile_push_ok → no", "sms_ok → no", "whatsapp_ok → yes"], channel: "whatsapp", host: "graph.meta.test" },
  ];
  for (const { who, contact, setup, path, channel, host } of cascade) {
    it(`no e-mail, ${who}: offer on ${channel}; a login earns welcome-back there, silence the feedback request`, async () => {
      const template = (kind: string) => `churn-${kind}-${channel.replace("_", "-")}`;
      // Each user has their own clock (a new world), so they run one after the other.
      const back = await subscriber(contact, "active", setup);
      await back.at(CHURNING);
      await back.at("2026-04-16T09:00:00Z");
      await back.track("Logged In");
      await back.at("2026-04-18T00:00:00Z");
      expect(await back.sent()).toEqual([
        [`${channel}_offer`, channel, template("offer"), "sent", "2026-04-16T08:00:00.000Z"],
        [`${channel}_welcome_back`, channel, template("welcome-back"), "sent", "2026-04-16T09:00:00.000Z"],
      ]);
      expect(decisions(await back.trace(), J)).toEqual([...path, `${channel}_wait_login → next`]);
      expect(back.world.providers.to(host)).not.toEqual([]);
      expect(back.world.providers.to("api.resend.test")).toEqual([]);

      const quiet = await subscriber(contact, "active", setup);
      await quiet.at(CHURNING);
      await quiet.at("2026-04-17T08:00:00Z");
      expect(await quiet.sent()).toEqual([
        [`${channel}_offer`, channel, template("offer"), "sent", "2026-04-16T08:00:00.000Z"],
        [`${channel}_feedback`, channel, template("feedback"), "sent", "2026-04-17T08:00:00.000Z"],
      ]);
      const trace = await quiet.trace();
      expect(decisions(trace, J)).toEqual([...path, `${channel}_wait_login → timeout`]);
      expect(why(trace, "email_ok")).toBe("is_reachable email: no → web_push_ok");
    });
  }

  it("reachable on no channel: the run ends at once, nothing is sent", async () => {
    const u = await subscriber({});
    await u.at(CHURNING);
    await u.at("2026-04-18T00:00:00Z");
    expect(await u.sent()).toEqual([]);
    expect(decisions(await u.trace(), J)).toEqual(["email_ok → no", "web_push_ok → no", "mobile_push_ok → no", "sms_ok → no", "whatsapp_ok → no"]);
    expect((await u.profile()).runs).toEqual([]);
  });

  it("a login before the window runs out puts the entry off to when the next-oldest login ages out", async () => {
    const u = await subscriber({ email: "ada@example.com" });
    await u.at("2026-04-15T12:00:00Z");
    await u.track("Logged In");
    await u.at(CHURNING);
    expect(await u.sent()).toEqual([]);
    await u.at("2026-04-18T08:00:00Z"); // the April 3 login leaves the window
    expect(await u.sent()).toEqual([["email_offer", "email", "churn-offer-email", "sent", "2026-04-18T08:00:00.000Z"]]);
    expect(segmentMoves(await u.trace(), "about-to-churn")).toEqual(["2026-04-18T08:00:00.000Z entered about-to-churn"]);
  });

  it("a user whose subscription is not active never enters, however long they stay away", async () => {
    const u = await subscriber({ email: "ada@example.com" }, "cancelled");
    await u.at(CHURNING);
    await u.at("2026-05-30T00:00:00Z");
    expect(await u.sent()).toEqual([]);
    const trace = await u.trace();
    expect(segmentMoves(trace, "about-to-churn")).toEqual([]);
    expect(trace.filter((t) => t.journeyId === J)).toEqual([]);
  });
});
