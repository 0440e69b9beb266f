/**
 * Identity merge through the real routes: an anonymous visitor waiting in a journey identifies;
 * their profile, history, runs, timers and push subscriptions move into the known user's object;
 * the timer fires once, there, and the message log shows one send. Later anonymous-only calls
 * from the same browser reach the known user.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { mergeVisitor } from "../../../worker/identity/merge-visitor.ts";
import type { EngagementSignal } from "../../../worker/delivery/engagement/signal.ts";
import { deliverSignals } from "../../../worker/user/delivery/route-signals.ts";
import { admin, send } from "../routes/api.ts";
import { HOUR, WORKSPACE, installFakes, publish, resetUserObjectDeps, runAlarm, sendOn, sentTemplates, unique, userObject, visitorObject } from "./helpers.ts";

afterEach(() => resetUserObjectDeps());

type Profile = { userId: string | null; anonymousId: string | null; traits: Record<string, unknown>; segments: string[]; reachable: Record<string, boolean>; runs: { journeyId: string; waiting: { node: string; until?: string } | null }[] };

/** Cart event → wait 2h → email → end. */
function cartJourney(id: string, event: string, template: string) {
  return {
    id,
    name: id,
    trigger: { type: "event", event },
    entry: { reentry: "always" },
    start: "wait",
    nodes: { wait: { type: "wait", duration: "2h", next: "email" }, email: { type: "send", channel: "email", template, next: "end" }, end: { type: "end" } },
  };
}

describe("merging a visitor who waits in a journey", () => {
  it("the run moves to the known user, its timer fires once there, and the log shows one send", async () => {
    const { clock, performer } = installFakes();
    const j = unique("merge-cart");
    const event = unique("Cart Started");
    await publish(cartJourney(j, event, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");

    await send("/track", { anonymousId: anon, event, properties: { cart: "c1" } });
    await send("/identify", { anonymousId: anon, traits: { first_name: "Ada", plan: "free" } });
    const before = await admin<Profile>("GET", `/users/anon:${anon}`);
    expect(before.body.runs).toEqual([expect.objectContaining({ journeyId: j, waiting: expect.objectContaining({ node: "wait" }) })]);

    clock.advance(HOUR);
    const identified = await send("/identify", { userId: user, anonymousId: anon, traits: { email: "ada@example.com", plan: "pro" } });
    expect(identified.status).toBe(200);

    expect((await admin("GET", `/users/anon:${anon}`)).status).toBe(404); // emptied, forwards from now on
    const known = await admin<Profile>("GET", `/users/${user}`);
    expect(known.body).toMatchObject({ userId: user, anonymousId: anon, traits: { first_name: "Ada", email: "ada@example.com", plan: "pro" } });
    expect(known.body.runs).toEqual([expect.objectContaining({ journeyId: j, waiting: expect.objectContaining({ node: "wait" }) })]);

    expect(await runAlarm(visitorObject(anon))).toBe(false); // no timer left behind
    clock.advance(HOUR - 1);
    await runAlarm(userObject(user));
    await userObject(user).flush();
    expect(await sentTemplates(user)).toEqual([]);
    clock.advance(1);
    expect(await runAlarm(userObject(user))).toBe(true);
    await userObject(user).flush();
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
    await runAlarm(userObject(user));
    await userObject(user).flush();
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
    expect(await sentTemplates(`anon:${anon}`)).toEqual([]);
    expect(performer.calls.filter((c) => c.template === `${j}-email`)).toHaveLength(1);
  });

  it("later anonymous-only calls from the same browser reach the known user", async () => {
    installFakes();
    const event = unique("After Merge");
    const j = unique("merge-after");
    await publish(sendOn(j, { type: "event", event }, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    await send("/track", { anonymousId: anon, event: "Page Viewed" });
    await send("/identify", { userId: user, anonymousId: anon });
    const later = await send("/track", { anonymousId: anon, event });
    expect(later.body).toMatchObject({ status: "accepted" });
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
    expect((await admin("GET", `/users/anon:${anon}`)).status).toBe(404);
    const link = await env.CATALOG_DB.prepare("SELECT user_id FROM identity_links WHERE workspace = ? AND anonymous_id = ?").bind(WORKSPACE, anon).first<{ user_id: string }>();
    expect(link?.user_id).toBe(user);
  });

  it("a batch mixing visitor-only calls and the identify loses none of them, whatever order they land in", async () => {
    installFakes();
    const event = unique("Mixed");
    const j = unique("merge-mixed");
    await publish(sendOn(j, { type: "event", event }, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    const res = await send<{ accepted: number }>("/batch", {
      batch: [
        { type: "track", anonymousId: anon, event, properties: { n: 1 } },
        { type: "identify", anonymousId: anon, userId: user, traits: { name: "Grace" } },
        { type: "track", anonymousId: anon, event, properties: { n: 2 } },
      ],
    });
    expect(res.body.accepted).toBe(3);
    expect(await sentTemplates(user)).toEqual([`${j}-email`, `${j}-email`]);
    expect(await sentTemplates(`anon:${anon}`)).toEqual([]);
  });

  it("alias previousId → userId merges the same way", async () => {
    installFakes();
    const anon = unique("anon");
    const user = unique("user");
    await send("/identify", { anonymousId: anon, traits: { color: "teal" } });
    expect((await send("/alias", { previousId: anon, userId: user })).status).toBe(200);
    expect((await admin<Profile>("GET", `/users/${user}`)).body.traits).toMatchObject({ color: "teal" });
  });

  it("a run the known user already has (same journey and key) is not duplicated: the visitor's ends \"merged\"", async () => {
    const { clock } = installFakes();
    const j = unique("merge-dup");
    const event = unique("Cart Started");
    await publish(cartJourney(j, event, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    await send("/track", { userId: user, event }); // on another device
    await send("/track", { anonymousId: anon, event });
    await send("/identify", { userId: user, anonymousId: anon });

    const known = await admin<Profile>("GET", `/users/${user}`);
    expect(known.body.runs.map((r) => r.journeyId)).toEqual([j]);
    const trace = await admin<{ trace: { kind: string; reason: string }[] }>("GET", `/users/${user}/trace`);
    expect(trace.body.trace.some((t) => t.kind === "end" && t.reason.startsWith("run ended (merged)"))).toBe(true);
    clock.advance(2 * HOUR);
    await runAlarm(userObject(user));
    await userObject(user).flush();
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
  });

  it("merged history counts for segments, and push subscriptions move too", async () => {
    installFakes();
    const seg = unique("seg");
    const event = unique("Viewed Product");
    await admin("PUT", `/segments/${seg}`, { name: "Viewers", events: [{ event, count: { op: "gte", value: 2 } }] });
    const anon = unique("anon");
    const user = unique("user");
    await send("/track", { anonymousId: anon, event });
    await send("/track", { userId: user, event });
    const endpoint = `https://push.example.test/${anon}`;
    await visitorObject(anon).savePushSubscription({ workspace: WORKSPACE, anonymousId: anon }, { endpoint, expirationTime: null, keys: { p256dh: "BPk", auth: "au" } });
    await send("/identify", { userId: user, anonymousId: anon });

    expect((await admin<Profile>("GET", `/users/${user}`)).body.segments).toContain(seg);
    const rows = await runInDurableObject(userObject(user), (_o, state) => state.storage.sql.exec<{ endpoint: string }>("SELECT endpoint FROM push_subscriptions").toArray());
    expect(rows.map((r) => r.endpoint)).toEqual([endpoint]);
  });
});

describe("calls reaching a merged visitor's object act on the known user", () => {
  it("a signal about a message the visitor got before the merge is applied to the known user: the unsubscribe holds", async () => {
    const { clock, performer } = installFakes();
    const j = unique("merge-unsub");
    const event = unique("Welcome");
    await publish(sendOn(j, { type: "event", event }, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    await send("/identify", { anonymousId: anon, traits: { email: "ada@example.com" } });
    await send("/track", { anonymousId: anon, event });
    await visitorObject(anon).flush();
    const welcome = performer.calls.find((c) => c.template === `${j}-email`);
    if (welcome === undefined) throw new Error("the visitor got no welcome e-mail");
    expect(welcome.idempotencyKey.startsWith(visitorObject(anon).id.toString())).toBe(true); // the link names the visitor's object
    await send("/identify", { userId: user, anonymousId: anon });
    expect((await admin<Profile>("GET", `/users/${user}`)).body).toMatchObject({ reachable: { email: true } });

    const unsubscribe: EngagementSignal = { channel: "email", type: "unsubscribed", at: clock.now(), source: "unsubscribe_link", id: unique("sig"), messageKey: welcome.idempotencyKey };
    expect(await deliverSignals(env, WORKSPACE, [unsubscribe])).toEqual({ applied: 1, duplicates: 0, unmatched: 0 });
    const known = await admin<Profile>("GET", `/users/${user}`);
    expect(known.body).toMatchObject({ traits: { email_unsubscribed: true }, reachable: { email: false } });
  });

  it("archiving a journey the visitor was waiting in ends the run the known user took over", async () => {
    installFakes();
    const j = unique("merge-archive");
    const event = unique("Cart Started");
    await publish(cartJourney(j, event, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    await send("/track", { anonymousId: anon, event });
    await send("/identify", { userId: user, anonymousId: anon });
    expect((await admin<Profile>("GET", `/users/${user}`)).body.runs.map((r) => r.journeyId)).toEqual([j]);

    expect(await visitorObject(anon).archiveJourney(j)).toEqual({ ended: 1 }); // the fan-out lists the visitor, who entered
    expect((await admin<Profile>("GET", `/users/${user}`)).body.runs).toEqual([]);
  });
});

describe("merge steps are idempotent", () => {
  it("a retried merge changes nothing, and a visitor already merged into someone else stays theirs", async () => {
    installFakes();
    const anon = unique("anon");
    const first = unique("user");
    const second = unique("user");
    await send("/track", { anonymousId: anon, event: "Page Viewed", messageId: `${anon}-m1` });
    const exported = await visitorObject(anon).exportForMerge({ workspace: WORKSPACE, userId: first, name: `${WORKSPACE}:${first}` });
    expect(exported.type).toBe("snapshot");
    const again = await visitorObject(anon).exportForMerge({ workspace: WORKSPACE, userId: first, name: `${WORKSPACE}:${first}` });
    expect(again).toEqual(exported);
    if (exported.type !== "snapshot") throw new Error("expected a snapshot");
    expect(await userObject(first).absorb(exported.snapshot)).toMatchObject({ type: "absorbed", events: 1 });
    expect(await userObject(first).absorb(exported.snapshot)).toEqual({ type: "already" });

    expect(await mergeVisitor(env, WORKSPACE, anon, first)).toEqual({ type: "nothing" }); // completes step 3
    expect(await mergeVisitor(env, WORKSPACE, anon, first)).toEqual({ type: "nothing" });
    expect(await mergeVisitor(env, WORKSPACE, anon, second)).toEqual({ type: "other_user", into: `${WORKSPACE}:${first}` });
    expect((await admin("GET", `/users/${second}`)).status).toBe(404);
  });
});
