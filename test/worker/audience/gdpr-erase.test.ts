/**
 * DELETE /v1/admin/users/{id} erases the user everywhere: their object, the objects of visitors
 * merged into them, identity links, the user registry, segment memberships (counts drop), the
 * archive fan-out's user list; deltas still in flight are dropped.
 */
import { env } from "cloudflare:workers";
import { createMessageBatch, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { consumeAudience } from "../../../worker/audience/consumer.ts";
import { AUDIENCE_QUEUE } from "../../../worker/audience/messages.ts";
import { admin, send } from "../routes/api.ts";
import { WORKSPACE, eventually, installFakes, publish, resetUserObjectDeps, sendOn, unique, visitorObject } from "./helpers.ts";

afterEach(() => resetUserObjectDeps());

const count = async (query: string, ...binds: string[]): Promise<number> =>
  (await env.CATALOG_DB.prepare(`SELECT COUNT(*) AS n FROM ${query}`).bind(...binds).first<{ n: number }>())?.n ?? 0;

describe("GDPR erase", () => {
  it("leaves nothing about the user behind", async () => {
    installFakes();
    const seg = unique("seg");
    const event = unique("Viewed");
    await admin("PUT", `/segments/${seg}`, { name: "Viewers", events: [{ event }] });
    const j = unique("erase-j");
    await publish(sendOn(j, { type: "event", event }, `${j}-email`), [`${j}-email`]);
    const anon = unique("anon");
    const user = unique("user");
    const name = `${WORKSPACE}:${user}`;
    await send("/track", { anonymousId: anon, event: "Page Viewed" });
    await send("/identify", { userId: user, anonymousId: anon, traits: { email: "erase@example.com" } });
    await send("/track", { userId: user, event });
    await eventually(() => count("segment_members WHERE workspace = ? AND segment_id = ? AND user = ? AND member = 1", WORKSPACE, seg, name), (n) => n === 1);
    await eventually(() => count("audience_users WHERE workspace = ? AND user = ?", WORKSPACE, name), (n) => n === 1);
    await eventually(() => count("journey_users WHERE workspace = ? AND user = ?", WORKSPACE, name), (n) => n === 1);
    expect((await admin<{ members: number }>("GET", `/segments/${seg}`)).body.members).toBe(1);

    const erased = await admin("DELETE", `/users/${user}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ deleted: true, id: user, erasedVisitors: [anon] });

    expect((await admin("GET", `/users/${user}`)).status).toBe(404);
    const visitorRows = await runInDurableObject(visitorObject(anon), (_o, state) => state.storage.sql.exec("SELECT key FROM meta").toArray());
    expect(visitorRows).toEqual([]); // not even the forwarding mark
    expect(await count("identity_links WHERE workspace = ? AND (user_id = ? OR anonymous_id = ?)", WORKSPACE, user, anon)).toBe(0);
    expect(await count("audience_users WHERE workspace = ? AND user IN (?, ?)", WORKSPACE, name, `${WORKSPACE}:anon:${anon}`)).toBe(0);
    expect(await count("segment_members WHERE workspace = ? AND user IN (?, ?)", WORKSPACE, name, `${WORKSPACE}:anon:${anon}`)).toBe(0);
    expect(await count("journey_users WHERE workspace = ? AND user = ?", WORKSPACE, name)).toBe(0);
    expect((await admin<{ members: number }>("GET", `/segments/${seg}`)).body.members).toBe(0);

    // A delta the object sent before the erase, delivered after it, is dropped.
    const late = { type: "membership", workspace: WORKSPACE, user: name, segment: seg, member: true, seq: 99, at: Date.now() - 1_000 };
    await consumeAudience(createMessageBatch(AUDIENCE_QUEUE, [{ id: "late", timestamp: new Date(), attempts: 1, body: late }]), env);
    expect(await count("segment_members WHERE workspace = ? AND user = ?", WORKSPACE, name)).toBe(0);
    expect((await admin<{ members: number }>("GET", `/segments/${seg}`)).body.members).toBe(0);
  });

  it("erases a visitor by its admin id anon:<anonymousId>", async () => {
    installFakes();
    const anon = unique("anon");
    await send("/identify", { anonymousId: anon, traits: { color: "red" } });
    expect((await admin("DELETE", `/users/anon:${anon}`)).body).toEqual({ deleted: true, id: `anon:${anon}`, erasedVisitors: [] });
    expect((await admin("GET", `/users/anon:${anon}`)).status).toBe(404);
  });
});
