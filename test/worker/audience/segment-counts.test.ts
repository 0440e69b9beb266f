/**
 * Segment member counts (GET /v1/admin/segments/{id}): kept from the deltas the User Durable
 * Objects put on the AUDIENCE queue, idempotent under redelivery and reordering; and the backfill
 * that evaluates existing users when a segment is published.
 */
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { consumeAudience } from "../../../worker/audience/consumer.ts";
import { AUDIENCE_QUEUE } from "../../../worker/audience/messages.ts";
import { admin, send } from "../routes/api.ts";
import { WORKSPACE, eventually, installFakes, publish, resetUserObjectDeps, sendOn, sentTemplates, unique } from "./helpers.ts";

afterEach(() => resetUserObjectDeps());

interface SegmentView {
  segment: { id: string };
  members: number;
  membersUpdatedAt: string | null;
  backfill: { queued: number; done: number; complete: boolean } | null;
}

const view = async (id: string): Promise<SegmentView> => (await admin<SegmentView>("GET", `/segments/${id}`)).body;
const membersWhen = (id: string, n: number): Promise<SegmentView> => eventually(() => view(id), (v) => v.members === n);

describe("member counts", () => {
  it("follow users entering and leaving, without scanning them", async () => {
    installFakes();
    const seg = unique("seg");
    const plan = unique("plan");
    await admin("PUT", `/segments/${seg}`, { name: "Plan", where: { attribute: "plan", op: "eq", value: plan } });
    expect(await view(seg)).toMatchObject({ members: 0, membersUpdatedAt: null });
    const users = [unique("u"), unique("u"), unique("u")];
    for (const u of users) await send("/identify", { userId: u, traits: { plan } });
    expect((await membersWhen(seg, 3)).members).toBe(3);
    await send("/identify", { userId: users[0], traits: { plan: "other" } });
    await send("/identify", { userId: users[1], traits: { plan: "other" } });
    await send("/identify", { userId: users[1], traits: { plan } });
    const after = await membersWhen(seg, 2);
    expect(after.members).toBe(2);
    expect(after.membersUpdatedAt).toMatch(/^\d{4}-/);
  });

  it("a visitor merged into a known user is counted once", async () => {
    installFakes();
    const seg = unique("seg");
    const event = unique("Viewed");
    await admin("PUT", `/segments/${seg}`, { name: "Viewers", events: [{ event }] });
    const anon = unique("anon");
    await send("/track", { anonymousId: anon, event });
    await membersWhen(seg, 1);
    const user = unique("u");
    await send("/identify", { userId: user, anonymousId: anon });
    // The visitor's exit and the known user's entry both arrive: still one member.
    const rows = () =>
      env.CATALOG_DB.prepare("SELECT user, member FROM segment_members WHERE workspace = ? AND segment_id = ? ORDER BY user").bind(WORKSPACE, seg).all<{ user: string; member: number }>();
    const settled = await eventually(rows, (r) => r.results.length === 2 && r.results.every((m) => m.member === (m.user.includes(":anon:") ? 0 : 1)));
    expect(settled.results).toEqual([
      { user: `${WORKSPACE}:anon:${anon}`, member: 0 },
      { user: `${WORKSPACE}:${user}`, member: 1 },
    ]);
    expect((await view(seg)).members).toBe(1);
  });

  it("redelivered, duplicated and reordered deltas do not skew the count", async () => {
    const seg = unique("seg");
    const delta = (user: string, member: boolean, seq: number) => ({ type: "membership", workspace: WORKSPACE, user, segment: seg, member, seq, at: Date.now() });
    const batch = (...bodies: object[]) => createMessageBatch(AUDIENCE_QUEUE, bodies.map((body, i) => ({ id: String(i), timestamp: new Date(), attempts: 1, body })));
    await consumeAudience(batch(delta("a", true, 1), delta("a", true, 1), delta("b", true, 1), { nonsense: true }), env);
    await consumeAudience(batch(delta("a", true, 1)), env); // redelivered
    await consumeAudience(batch(delta("b", false, 3), delta("b", true, 2)), env); // out of order: exit is newer
    await consumeAudience(batch(delta("b", true, 2)), env); // late
    const row = await env.CATALOG_DB.prepare("SELECT members FROM segment_counts WHERE workspace = ? AND segment_id = ?").bind(WORKSPACE, seg).first<{ members: number }>();
    expect(row?.members).toBe(1);
  });
});

describe("backfill", () => {
  it("publishing a segment evaluates users who send nothing new, and fires its triggers", async () => {
    installFakes();
    const seg = unique("seg");
    const plan = unique("plan");
    const users = [unique("u"), unique("u"), unique("u")];
    for (const u of users) await send("/identify", { userId: u, traits: { plan } });
    await send("/identify", { userId: unique("u"), traits: { plan: "other" } });
    // Registered in the user registry by their first commit (via the queue).
    await eventually(
      async () => (await env.CATALOG_DB.prepare("SELECT COUNT(*) AS n FROM audience_users WHERE workspace = ? AND user IN (?, ?, ?)").bind(WORKSPACE, ...users.map((u) => `${WORKSPACE}:${u}`)).first<{ n: number }>())?.n ?? 0,
      (n) => n === 3,
    );

    await admin("PUT", `/segments/${seg}`, { name: "Plan", where: { attribute: "plan", op: "eq", value: "nobody" } });
    const j = unique("welcome-seg");
    await publish(sendOn(j, { type: "segment", segment: seg, on: "enter" }, `${j}-email`), [`${j}-email`]);
    const put = await admin("PUT", `/segments/${seg}`, { name: "Plan", where: { attribute: "plan", op: "eq", value: plan } });
    expect(put.body).toMatchObject({ backfill: true });

    const done = await eventually(() => view(seg), (v) => v.members === 3 && v.backfill?.complete === true);
    expect(done.members).toBe(3);
    expect(done.backfill).toMatchObject({ complete: true });
    expect(done.backfill?.done).toBeGreaterThanOrEqual(4);
    for (const u of users) expect(await sentTemplates(u)).toEqual([`${j}-email`]);
  });

  it("publishing several segments in a row costs one pass: the newest backfill covers the earlier ones", async () => {
    installFakes();
    const color = unique("color");
    const users = [unique("u"), unique("u")];
    for (const u of users) await send("/identify", { userId: u, traits: { color, size: "xl" } });
    await eventually(
      async () => (await env.CATALOG_DB.prepare("SELECT COUNT(*) AS n FROM audience_users WHERE workspace = ? AND user IN (?, ?)").bind(WORKSPACE, ...users.map((u) => `${WORKSPACE}:${u}`)).first<{ n: number }>())?.n ?? 0,
      (n) => n === 2,
    );
    const first = unique("seg");
    const second = unique("seg");
    await admin("PUT", `/segments/${first}`, { name: "Color", where: { attribute: "color", op: "eq", value: color } });
    await admin("PUT", `/segments/${second}`, { name: "Size", where: { all: [{ attribute: "color", op: "eq", value: color }, { attribute: "size", op: "eq", value: "xl" }] } });
    const a = await eventually(() => view(first), (v) => v.members === 2 && v.backfill?.complete === true);
    const b = await eventually(() => view(second), (v) => v.members === 2 && v.backfill?.complete === true);
    expect(a.backfill).toMatchObject({ complete: true, supersededBy: second });
    expect(b.backfill).toMatchObject({ complete: true });
    expect(b.backfill).not.toHaveProperty("supersededBy");
  });
});
