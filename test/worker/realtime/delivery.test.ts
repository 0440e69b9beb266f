/**
 * In-app messages, overlays and surveys from a journey to the browser: live on every open
 * `/v1/connect` socket the moment the send is performed, else waiting in `/v1/inbox` until shown,
 * dismissed or expired; surveys' answers move a waiting journey on; an SDK session makes in-app
 * reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManualClock } from "../../../worker/lib/clock.ts";
import { callerQuery, connect, HOUR, inbox, newVisitor, publishJourney, put, report, resetUserObjectDeps, sdkTrack, serverTrack, useClock, userObject, withExtraJourneys } from "./helpers.ts";

let clock: ManualClock;

beforeAll(async () => {
  clock = useClock();
  await put("/templates/welcome-modal", {
    channel: "in_app", layout: "modal", title: "Welcome {{ user.first_name | default: 'friend' }}!", body: "10% off today",
    buttons: [{ label: "Claim", url: "/offers/welcome" }, { label: "Later", action: "dismiss" }], priority: 1, rules: { delayMs: 3000 },
  });
  await put("/templates/flash-banner", { channel: "web_overlay", layout: "banner", title: "Flash sale", body: "Ends at midnight", priority: 9, expiresIn: "1h" });
  await put("/templates/nps", { channel: "survey", kind: "nps", question: "How likely are you to recommend us?" });
  await publishJourney({
    id: "welcome", trigger: { type: "event", event: "Signed Up" }, start: "modal",
    nodes: { modal: { type: "send", channel: "in_app", template: "welcome-modal", next: "end" }, end: { type: "end" } },
  });
  await publishJourney({
    id: "flash", trigger: { type: "event", event: "Sale Started" }, start: "welcome",
    nodes: {
      welcome: { type: "send", channel: "in_app", template: "welcome-modal", next: "banner" },
      banner: { type: "send", channel: "web_overlay", template: "flash-banner", next: "end" },
      end: { type: "end" },
    },
  });
  withExtraJourneys([{
    id: "nps", name: "NPS", entry: { reentry: "always" }, trigger: { type: "event", event: "Order Completed" }, start: "ask",
    nodes: {
      ask: { type: "survey", channel: "in_app", template: "nps", next: "wait_answer" },
      wait_answer: { type: "wait_for_event", event: "Survey Answered", where: { property: "score", op: "gte", value: 9 }, timeout: "2d", next: "promoter", timeout_next: "end" },
      promoter: { type: "update_attribute", attribute: "nps_promoter", set: true, next: "end" },
      end: { type: "end" },
    },
  }]);
  await publishJourney({
    id: "promo", trigger: { type: "event", event: "Promo Eligible" }, start: "reach",
    nodes: {
      reach: { type: "is_reachable", channel: "in_app", yes: "modal", no: "end" },
      modal: { type: "send", channel: "in_app", template: "welcome-modal", next: "end" },
      end: { type: "end" },
    },
  });
});
afterAll(() => resetUserObjectDeps());

describe("live delivery", () => {
  it("a journey's in_app send reaches every open socket of the user as the SDK's frame, and is logged sent", async () => {
    const ids = newVisitor("live");
    const [tab1, tab2] = [await connect(callerQuery(ids)), await connect(callerQuery(ids))];
    await sdkTrack(ids, "Signed Up");
    const frame = await tab1.next();
    expect(frame).toMatchObject({
      type: "message", channel: "in_app", journey: "welcome", template: "welcome-modal", layout: "modal",
      title: "Welcome friend!", body: "10% off today", priority: 1, rules: { delayMs: 3000 },
      buttons: [{ id: "button-0", label: "Claim", url: "/offers/welcome" }, { id: "button-1", label: "Later" }],
    });
    expect(typeof frame["id"]).toBe("string");
    expect(Date.parse(String(frame["expiresAt"]))).toBeGreaterThan(clock.now());
    expect(await tab2.next()).toEqual(frame);
    await userObject(ids.userId).flush();
    const log = await userObject(ids.userId).getMessages();
    expect(log).toMatchObject([{ journey: "welcome", node: "modal", channel: "in_app", template: "welcome-modal", status: "sent", provider: "browser (2 live)" }]);
    tab1.ws.close(1000, "bye");
    tab2.ws.close(1000, "bye");
  });

  it("a socket opened for another user gets nothing", async () => {
    const [ada, bob] = [newVisitor("ada"), newVisitor("bob")];
    const bobTab = await connect(callerQuery(bob));
    const adaTab = await connect(callerQuery(ada));
    await sdkTrack(ada, "Signed Up");
    expect(await adaTab.next()).toMatchObject({ template: "welcome-modal" });
    await userObject(bob.userId).flush();
    expect(bobTab.pending()).toEqual([]);
  });
});

describe("the inbox", () => {
  it("keeps a message sent while no socket was open until the browser dismisses it", async () => {
    const ids = newVisitor("offline");
    await sdkTrack(ids, "Signed Up");
    await userObject(ids.userId).flush();
    expect(await userObject(ids.userId).getMessages()).toMatchObject([{ status: "sent", provider: "browser (inbox)" }]);
    const first = await inbox(callerQuery(ids));
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    expect(first.body.messages).toMatchObject([{ type: "message", template: "welcome-modal", title: "Welcome friend!" }]);
    const id = String(first.body.messages[0]?.["id"]);

    // A socket opened later does not replay it (the SDK reads the inbox on every (re)connect) …
    expect((await inbox(callerQuery(ids))).body.messages).toHaveLength(1);
    const dismissed = await report(ids, id, { type: "dismissed" });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(202);
    expect((await inbox(callerQuery(ids))).body.messages).toEqual([]);
  });

  it("lists the highest priority first and drops a message once it expired", async () => {
    const ids = newVisitor("expiry");
    await sdkTrack(ids, "Sale Started");
    await userObject(ids.userId).flush();
    const listed = (await inbox(callerQuery(ids))).body.messages;
    expect(listed.map((m) => [m["template"], m["channel"], m["priority"]])).toEqual([["flash-banner", "web_overlay", 9], ["welcome-modal", "in_app", 1]]);
    expect(Date.parse(String(listed[0]?.["expiresAt"])) - clock.now()).toBeLessThanOrEqual(HOUR);

    clock.advance(HOUR + 1);
    expect((await inbox(callerQuery(ids))).body.messages.map((m) => m["template"])).toEqual(["welcome-modal"]);
  });

  it("a message shown on one tab leaves the inbox", async () => {
    const ids = newVisitor("shown");
    const tab = await connect(callerQuery(ids));
    await sdkTrack(ids, "Signed Up");
    const frame = await tab.next();
    tab.ws.send(JSON.stringify({ type: "ack", id: frame["id"] }));
    expect((await inbox(callerQuery(ids))).body.messages.map((m) => m["id"])).toEqual([frame["id"]]);
    expect((await report(ids, String(frame["id"]), { type: "shown" })).status).toBe(202);
    expect((await inbox(callerQuery(ids))).body.messages).toEqual([]);
  });
});

describe("surveys", () => {
  it("arrive as a survey frame, and a 'Survey Answered' event with the score moves the waiting journey on", async () => {
    const ids = newVisitor("nps");
    const tab = await connect(callerQuery(ids));
    await sdkTrack(ids, "Order Completed");
    const frame = await tab.next();
    expect(frame).toMatchObject({ type: "message", channel: "in_app", journey: "nps", template: "nps", layout: "modal", survey: { type: "nps", question: "How likely are you to recommend us?" } });
    const id = String(frame["id"]);

    // What the SDK sends when the user picks 9 (a little later): the status report and the user event.
    clock.advance(5_000);
    expect((await report(ids, id, { type: "answered", answer: { score: 9 } })).status).toBe(202);
    await sdkTrack(ids, "Survey Answered", { messageId: id, journey: "nps", template: "nps", layout: "modal", survey: "nps", question: "How likely are you to recommend us?", score: 9 });
    await userObject(ids.userId).flush();
    const profile = await userObject(ids.userId).getProfile();
    expect(profile?.traits).toMatchObject({ nps_promoter: true });
    expect(profile?.runs).toEqual([]);
  });

  it("a detractor's answer leaves the journey waiting", async () => {
    const ids = newVisitor("detractor");
    await sdkTrack(ids, "Order Completed");
    await userObject(ids.userId).flush();
    const [message] = (await inbox(callerQuery(ids))).body.messages;
    clock.advance(5_000);
    await sdkTrack(ids, "Survey Answered", { messageId: String(message?.["id"]), survey: "nps", score: 3 });
    await userObject(ids.userId).flush();
    const profile = await userObject(ids.userId).getProfile();
    expect(profile?.traits["nps_promoter"]).toBeUndefined();
    expect(profile?.runs).toMatchObject([{ journeyId: "nps", waiting: { node: "wait_answer", type: "event" } }]);
  });
});

describe("in-app reachability", () => {
  it("needs an SDK session: a connect, an inbox read or a batch from a page", async () => {
    const ids = newVisitor("reach");
    await serverTrack(ids.userId, "Promo Eligible");
    expect(await userObject(ids.userId).getMessages()).toEqual([]);

    const tab = await connect(callerQuery(ids));
    await serverTrack(ids.userId, "Promo Eligible");
    expect(await tab.next()).toMatchObject({ journey: "promo", template: "welcome-modal" });

    const later = newVisitor("reach-inbox");
    expect((await inbox(callerQuery(later))).status).toBe(200);
    await serverTrack(later.userId, "Promo Eligible");
    expect(await userObject(later.userId).getMessages()).toMatchObject([{ journey: "promo", status: "sent" }]);

    const page = newVisitor("reach-batch");
    await sdkTrack(page, "Page Loaded");
    await serverTrack(page.userId, "Promo Eligible");
    expect(await userObject(page.userId).getMessages()).toMatchObject([{ journey: "promo", status: "sent" }]);
  });

  it("lapses after 30 days without a session", async () => {
    const ids = newVisitor("lapsed");
    expect((await inbox(callerQuery(ids))).status).toBe(200);
    clock.advance(31 * 24 * HOUR);
    await serverTrack(ids.userId, "Promo Eligible");
    expect(await userObject(ids.userId).getMessages()).toEqual([]);
  });
});
