/**
 * `GET /v1/connect` and `GET /v1/inbox` at the door (keys, ids, identity verification, the upgrade),
 * and the socket itself: bad frames get an error frame and the socket stays usable; what the object
 * knows about a socket lives in its attachment, so an object rebuilt after hibernation still knows
 * whose socket it is and still reaches it.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserDurableObject } from "../../../worker/user/user-durable-object.ts";
import { MAX_SOCKETS_PER_USER } from "../../../worker/user/realtime/browser-sockets.ts";
import { readAttachment } from "../../../worker/user/realtime/socket-attachment.ts";
import { computeUserHash } from "../../../worker/identity/user-hash.ts";
import { call } from "../routes/api.ts";
import { callerQuery, connect, type BrowserSocket, inbox, newVisitor, publishJourney, put, resetUserObjectDeps, sdkTrack, useClock, userObject } from "./helpers.ts";

beforeAll(async () => {
  useClock();
  await put("/templates/hello", { channel: "in_app", layout: "slide_in", title: "Hello", body: "Welcome back" });
  await publishJourney({
    id: "hello", trigger: { type: "event", event: "Came Back" }, start: "send",
    nodes: { send: { type: "send", channel: "in_app", template: "hello", next: "end" }, end: { type: "end" } },
  });
});
afterAll(() => resetUserObjectDeps());

describe("at the door", () => {
  const ids = { anonymousId: "anon-door" };
  it.each([
    ["no key", callerQuery(ids, null), 401, "missing_key"],
    ["an unknown key", callerQuery(ids, "wk_nope"), 401, "invalid_key"],
    ["neither userId nor anonymousId", callerQuery({}), 400, "invalid_request"],
    ["an overlong userId", callerQuery({ userId: "u".repeat(300) }), 400, "invalid_request"],
  ])("answers %s with %i %s, on both routes", async (_what, query, status, code) => {
    for (const res of [await call("GET", `/v1/connect?${query}`, { headers: { upgrade: "websocket" } }), await inbox(query)]) {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: { code } });
    }
  });

  it("refuses a plain GET on /v1/connect with 426 and the upgrade it needs", async () => {
    const res = await call("GET", `/v1/connect?${callerQuery(ids)}`);
    expect(res.status).toBe(426);
    expect(res.headers.get("upgrade")).toBe("websocket");
    expect(res.body).toMatchObject({ error: { code: "upgrade_required" } });
  });

  it("takes the key as HTTP Basic too", async () => {
    const res = await call("GET", `/v1/inbox?${callerQuery(ids, null)}`, { auth: "basic:wk_dev" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ messages: [] });
  });
});

describe("the socket", () => {
  it("answers malformed frames with an error frame and keeps working", async () => {
    const ids = newVisitor("bad-frames");
    const tab = await connect(callerQuery(ids));
    const cases: Array<[string | ArrayBuffer, string]> = [
      ["not json", "bad_json"],
      ["[1,2]", "bad_frame"],
      ['{"type":"shout"}', "bad_frame"],
      ['{"type":"ack"}', "bad_frame"],
      [JSON.stringify({ type: "ack", id: "x".repeat(5000) }), "too_large"],
      [new Uint8Array([123, 125]).buffer, "binary_frame"],
    ];
    for (const [frame, code] of cases) {
      tab.ws.send(frame);
      expect(await tab.next()).toMatchObject({ type: "error", code });
    }
    await sdkTrack(ids, "Came Back");
    expect(await tab.next()).toMatchObject({ type: "message", template: "hello", layout: "slide_in" });
  });

  it("keeps whose socket it is in the attachment, and an object rebuilt from it (after hibernation) still serves the socket", async () => {
    const ids = newVisitor("hibernate");
    const tab = await connect(callerQuery(ids));
    tab.ws.send('{"type":"pong"}');
    tab.ws.send('{"type":"ack","id":"dlv_1"}');
    tab.ws.send("garbage"); // answered in order: once this error arrives, the two frames before it were handled
    expect(await tab.next()).toMatchObject({ type: "error", code: "bad_json" });
    const stub = userObject(ids.userId);

    await runInDurableObject(stub, async (_instance, state) => {
      const [ws, ...others] = state.getWebSockets();
      expect(others).toEqual([]);
      if (ws === undefined) throw new Error("no socket");
      expect(readAttachment(ws)).toMatchObject({ v: 1, workspace: "demo", userId: ids.userId, anonymousId: ids.anonymousId, acks: 1 });

      // What waking from hibernation does: a new instance over the same state, nothing in memory.
      const woken = new UserDurableObject(state, env);
      await woken.webSocketMessage(ws, '{"type":"ack","id":"dlv_2"}');
      await woken.webSocketMessage(ws, "{");
      expect(readAttachment(ws)).toMatchObject({ userId: ids.userId, acks: 2 });
    });
    expect(await tab.next()).toMatchObject({ type: "error", code: "bad_json" });

    await sdkTrack(ids, "Came Back");
    expect(await tab.next()).toMatchObject({ type: "message", template: "hello" });
  });

  it(`holds at most ${MAX_SOCKETS_PER_USER} sockets per user, closing the oldest`, async () => {
    const ids = newVisitor("many-tabs");
    const tabs: BrowserSocket[] = [];
    for (let i = 0; i <= MAX_SOCKETS_PER_USER; i++) tabs.push(await connect(callerQuery(ids)));
    expect(await tabs[0]?.closed).toEqual({ code: 1013, reason: "too many connections for this user" });
    await sdkTrack(ids, "Came Back");
    expect(await tabs.at(-1)?.next()).toMatchObject({ template: "hello" });
    expect(await tabs[1]?.next()).toMatchObject({ template: "hello" });
  });

  it("a closed socket no longer receives, and the message waits in the inbox", async () => {
    const ids = newVisitor("closed");
    const tab = await connect(callerQuery(ids));
    tab.ws.close(1000, "leaving");
    await tab.closed;
    await runInDurableObject(userObject(ids.userId), async (_instance, state) => {
      expect(state.getWebSockets().filter((ws) => ws.readyState === WebSocket.OPEN)).toEqual([]);
    });
    await sdkTrack(ids, "Came Back");
    await userObject(ids.userId).flush();
    expect(await userObject(ids.userId).getMessages()).toMatchObject([{ status: "sent", provider: "browser (inbox)" }]);
    expect((await inbox(callerQuery(ids))).body.messages).toMatchObject([{ template: "hello" }]);
  });
});

describe("identity verification", () => {
  it("on: an identified caller needs a valid userHash; a visitor does not", async () => {
    const res = await call<{ identity: { secret: string } }>("PUT", "/v1/admin/settings/identity", { auth: "bearer:sk_dev", body: { enabled: true } });
    expect(res.status).toBe(200);
    const secret = res.body.identity.secret;
    try {
      const ids = newVisitor("verified");
      const without = await call("GET", `/v1/connect?${callerQuery(ids)}`, { headers: { upgrade: "websocket" } });
      expect(without.status).toBe(401);
      expect(without.body).toMatchObject({ error: { code: "identity_not_verified", path: "userHash" } });
      expect((await inbox(callerQuery({ ...ids, userHash: "00".repeat(32) }))).status).toBe(401);

      const userHash = await computeUserHash(ids.userId, secret);
      await connect(callerQuery({ ...ids, userHash }));
      expect((await inbox(callerQuery({ ...ids, userHash }))).status).toBe(200);
      expect((await inbox(callerQuery({ anonymousId: ids.anonymousId }))).status).toBe(200);
    } finally {
      await call("PUT", "/v1/admin/settings/identity", { auth: "bearer:sk_dev", body: { enabled: false } });
    }
  });
});
