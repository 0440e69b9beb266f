/**
 * Seed journey 4 (engagement score) through the real Worker and User Durable Object: the examples/
 * journey and segments published with the admin API, touchpoints sent to POST /v1/track, the
 * segments `no-login-7d`, `d-30`, `d-60` and `d-90` entered by the object's own timers (its
 * alarm, after moving its clock), and the `score` attribute read back from the admin profile,
 * with the routing decisions from the admin trace.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import engagement from "../../../examples/journeys/04-engagement-score.json";
import { decisions, publishSeeds, resetUserObjectDeps, seedWorld, segmentChanges, segmentMoves, why, type SeedUser } from "./helpers/seed-route-world.ts";

const J = "engagement-score";

beforeAll(() => publishSeeds([engagement]));
afterAll(() => resetUserObjectDeps());

/** A user first seen on 2026-01-05 at 09:00 UTC. */
async function member(): Promise<SeedUser> {
  const u = seedWorld("2026-01-05T09:00:00Z").user("member");
  await u.identify({ email: "ada@example.com" });
  return u;
}

const score = async (u: SeedUser): Promise<unknown> => (await u.profile()).traits["score"];

/** Each run's decisions, as "node → branch" joined per run. */
async function runs(u: SeedUser): Promise<string[]> {
  const trace = await u.trace();
  const ids = [...new Set(trace.filter((t) => t.journeyId === J && t.runId !== null && t.runId !== "").map((t) => t.runId ?? ""))];
  return ids.map((id) => decisions(trace.filter((t) => t.runId === id), J).join(", "));
}

describe("engagement score (seed 4) through the User DO", () => {
  it("every touchpoint is scored: +10 for a form, an email click or a subscription, −10 for declined push; other events are not touchpoints", async () => {
    const u = await member();
    const steps: Array<[event: string, score: number | undefined]> = [
      ["Form Submitted", 10],
      ["Email Clicked", 20],
      ["Page Viewed", 20],
      ["Subscription Payment Completed", 30],
      ["Push Permission Denied", 20],
      ["Logged In", 20],
    ];
    for (const [i, [event, expected]] of steps.entries()) {
      await u.at(`2026-01-05T1${i}:00:00Z`);
      await u.track(event);
      expect(await score(u), event).toBe(expected);
    }
    expect(await runs(u)).toEqual([
      "is_positive → yes",
      "is_positive → yes",
      "is_positive → yes",
      "is_positive → no, is_negative → yes",
    ]);
    expect((await u.profile()).runs).toEqual([]); // each touchpoint is one short run
    expect(await u.sent()).toEqual([]);
  });

  it("no login for 7 days: −10 at exactly 7 days after the last login, by the object's timer; a login puts it off and it comes again", async () => {
    const u = await member();
    await u.track("Logged In");
    await u.at("2026-01-12T08:59:00Z");
    expect(await score(u)).toBeUndefined();
    await u.at("2026-01-12T09:00:00Z");
    expect(await score(u)).toBe(-10);
    await u.at("2026-01-14T18:00:00Z");
    await u.track("Logged In");
    expect((await u.profile()).segments).toEqual([]);
    await u.at("2026-01-21T17:59:00Z");
    expect(await score(u)).toBe(-10);
    await u.at("2026-01-21T18:00:00Z");
    expect(await score(u)).toBe(-20);
    const trace = await u.trace();
    expect(segmentMoves(trace)).toEqual([
      "2026-01-12T09:00:00.000Z entered no-login-7d",
      "2026-01-14T18:00:00.000Z left no-login-7d",
      "2026-01-21T18:00:00.000Z entered no-login-7d",
    ]);
    expect(await runs(u)).toEqual(["is_positive → no, is_negative → yes", "is_positive → no, is_negative → yes"]);
    expect(why(trace, "is_negative")).toBe(
      'check_attribute [any → true: all($event eq "Segment Entered": "Segment Entered" → true; event.segment eq "no-login-7d": "no-login-7d" → true) → true]: yes → minus_10',
    );
  });

  it("dormant: −50 on entering D-30, again at D-60 and at D-90 (a user who never logged in gets no −10)", async () => {
    const u = await member();
    await u.track("Form Submitted"); // +10, and the last activity
    const expected: Array<[at: string, score: number, segments: string[]]> = [
      ["2026-02-04T08:59:59Z", 10, []],
      ["2026-02-04T09:00:00Z", -40, ["d-30"]],
      ["2026-03-06T09:00:00Z", -90, ["d-30", "d-60"]],
      ["2026-04-05T09:00:00Z", -140, ["d-30", "d-60", "d-90"]],
      ["2026-06-01T09:00:00Z", -140, ["d-30", "d-60", "d-90"]],
    ];
    for (const [at, value, segments] of expected) {
      await u.at(at);
      const profile = await u.profile();
      expect([profile.traits["score"], [...profile.segments].sort()], at).toEqual([value, segments]);
    }
    const trace = await u.trace();
    expect(await runs(u)).toEqual([
      "is_positive → yes",
      "is_positive → no, is_negative → no, is_dormant → yes",
      "is_positive → no, is_negative → no, is_dormant → yes",
      "is_positive → no, is_negative → no, is_dormant → yes",
    ]);
    expect(segmentChanges(trace)).toEqual([
      "2026-02-04T09:00:00.000Z entered segment d-30: inactive_for 30d: last activity 2026-01-05T09:00:00.000Z → true",
      "2026-03-06T09:00:00.000Z entered segment d-60: inactive_for 60d: last activity 2026-01-05T09:00:00.000Z → true",
      "2026-04-05T09:00:00.000Z entered segment d-90: inactive_for 90d: last activity 2026-01-05T09:00:00.000Z → true",
    ]);
  });

  it("a login during dormancy resets every clock: out of D-30, no D-60; then −10 a week later and −50 at the next D-30", async () => {
    const u = await member();
    await u.track("Form Submitted"); // +10
    await u.at("2026-02-04T09:00:00Z"); // D-30: −50
    expect(await score(u)).toBe(-40);
    await u.at("2026-02-14T12:00:00Z");
    await u.track("Logged In");
    expect((await u.profile()).segments).toEqual([]);
    await u.at("2026-02-21T12:00:00Z"); // a week without login: −10
    expect(await score(u)).toBe(-50);
    await u.at("2026-03-06T09:00:00Z"); // would have been D-60 without the login
    expect([await score(u), (await u.profile()).segments]).toEqual([-50, ["no-login-7d"]]);
    await u.at("2026-03-16T12:00:00Z"); // 30 days after the login: D-30 again
    expect(await score(u)).toBe(-100);
    expect(segmentMoves(await u.trace())).toEqual([
      "2026-02-04T09:00:00.000Z entered d-30",
      "2026-02-14T12:00:00.000Z left d-30",
      "2026-02-21T12:00:00.000Z entered no-login-7d",
      "2026-03-16T12:00:00.000Z entered d-30",
    ]);
    expect(await runs(u)).toEqual([
      "is_positive → yes",
      "is_positive → no, is_negative → no, is_dormant → yes",
      "is_positive → no, is_negative → yes",
      "is_positive → no, is_negative → no, is_dormant → yes",
    ]);
  });
});
