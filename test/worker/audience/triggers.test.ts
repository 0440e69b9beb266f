/**
 * A journey started by each kind of trigger, through the real routes: event (with a property
 * filter), segment enter/exit, attribute change (with a filter on the new value), geofence
 * enter/exit (fences from the admin API; unknown fences rejected) and manual entry.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { admin, call, send, WRITE_KEY } from "../routes/api.ts";
import { installFakes, publish, resetUserObjectDeps, sendOn, sentTemplates, unique } from "./helpers.ts";

beforeEach(() => void installFakes());
afterEach(() => resetUserObjectDeps());

describe("event trigger", () => {
  it("starts only for events whose properties match the filter", async () => {
    const event = unique("Big Order");
    const j = unique("trg-event");
    await publish(sendOn(j, { type: "event", event, where: { property: "total", op: "gte", value: 100 } }, `${j}-email`), [`${j}-email`]);
    const user = unique("u");
    await send("/track", { userId: user, event, properties: { total: 40 } });
    expect(await sentTemplates(user)).toEqual([]);
    await send("/track", { userId: user, event, properties: { total: 140 } });
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
  });
});

describe("segment trigger", () => {
  it("entering starts one journey and leaving starts another", async () => {
    const seg = unique("seg");
    const plan = unique("plan");
    expect((await admin("PUT", `/segments/${seg}`, { name: "Plan members", where: { attribute: "plan", op: "eq", value: plan } })).status).toBe(201);
    const enter = unique("trg-seg-in");
    const exit = unique("trg-seg-out");
    await publish(sendOn(enter, { type: "segment", segment: seg, on: "enter" }, `${enter}-email`), [`${enter}-email`]);
    await publish(sendOn(exit, { type: "segment", segment: seg, on: "exit" }, `${exit}-email`), [`${exit}-email`]);
    const user = unique("u");
    await send("/identify", { userId: user, traits: { plan } });
    expect(await sentTemplates(user)).toEqual([`${enter}-email`]);
    const profile = await admin<{ segments: string[] }>("GET", `/users/${user}`);
    expect(profile.body.segments).toContain(seg);
    await send("/identify", { userId: user, traits: { plan: "none" } });
    expect(await sentTemplates(user)).toEqual([`${enter}-email`, `${exit}-email`]);
    const trace = await admin<{ trace: { kind: string; reason: string }[] }>("GET", `/users/${user}/trace`);
    expect(trace.body.trace.filter((t) => t.kind === "segment").map((t) => t.reason.split(":")[0])).toEqual([`entered segment ${seg}`, `left segment ${seg}`]);
  });
});

describe("attribute trigger", () => {
  it("starts when the attribute changes to a value matching the filter", async () => {
    const attribute = unique("tier").replace("-", "_");
    const j = unique("trg-attr");
    await publish(sendOn(j, { type: "attribute", attribute, where: { attribute, op: "eq", value: "gold" } }, `${j}-email`), [`${j}-email`]);
    const user = unique("u");
    await send("/identify", { userId: user, traits: { [attribute]: "silver" } });
    expect(await sentTemplates(user)).toEqual([]);
    await send("/identify", { userId: user, traits: { [attribute]: "gold" } });
    await send("/identify", { userId: user, traits: { [attribute]: "gold" } }); // unchanged: no second start
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
  });
});

describe("geofence trigger", () => {
  it("fences are managed in the admin API and listed for the SDK with the write key", async () => {
    const id = unique("fence");
    const fence = { name: "Flagship store", lat: 52.52, lng: 13.405, radius: 150 };
    expect((await admin("PUT", `/geofences/${id}`, fence)).status).toBe(201);
    expect((await admin("GET", `/geofences/${id}`)).body).toMatchObject({ geofence: { id, ...fence } });
    expect((await admin("PUT", `/geofences/${id}`, { ...fence, radius: -1 })).body).toMatchObject({ error: { path: "radius" } });

    const listed = await call<{ geofences: { id: string }[] }>("GET", `/v1/geofences?writeKey=${WRITE_KEY}`);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe("*"); // readable from the customer's site
    expect(listed.body.geofences).toContainEqual({ id, ...fence });
    expect((await call("GET", "/v1/geofences")).status).toBe(401);
    expect((await call("GET", "/v1/geofences?writeKey=nope")).status).toBe(401);

    expect((await admin("DELETE", `/geofences/${id}`)).status).toBe(200);
    const after = await call<{ geofences: { id: string }[] }>("GET", "/v1/geofences", { auth: `basic:${WRITE_KEY}` });
    expect(after.body.geofences.map((f) => f.id)).not.toContain(id);
  });

  it("entering and leaving a fence start their journeys; an unknown fence is rejected with the field", async () => {
    const fence = unique("fence");
    await admin("PUT", `/geofences/${fence}`, { name: "Store", lat: 48.85, lng: 2.35, radius: 100 });
    const enter = unique("trg-geo-in");
    const exit = unique("trg-geo-out");
    await publish(sendOn(enter, { type: "geofence", geofence: fence, on: "enter" }, `${enter}-email`), [`${enter}-email`]);
    await publish(sendOn(exit, { type: "geofence", geofence: fence, on: "exit" }, `${exit}-email`), [`${exit}-email`]);
    const user = unique("u");
    const entered = await send("/track", { userId: user, event: "Geofence Entered", properties: { geofence: fence, name: "Store" } });
    expect(entered.status).toBe(200);
    await send("/track", { userId: user, event: "Geofence Exited", properties: { geofence: fence } });
    expect(await sentTemplates(user)).toEqual([`${enter}-email`, `${exit}-email`]);

    const unknown = await send("/track", { userId: user, event: "Geofence Entered", properties: { geofence: "nowhere" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: "rejected", path: "properties.geofence", message: expect.stringContaining('unknown geofence "nowhere"') } });

    const batch = await send<{ results: { status: string; error?: { path: string } }[] }>("/batch", {
      batch: [
        { type: "track", userId: user, event: "Geofence Exited", properties: { geofence: fence } },
        { type: "track", userId: user, event: "Geofence Entered", properties: {} },
        { type: "track", userId: user, event: "Page Scrolled" },
      ],
    });
    expect(batch.body.results.map((r) => [r.status, r.error?.path])).toEqual([
      ["accepted", undefined],
      ["rejected", "batch[1].properties.geofence"],
      ["accepted", undefined],
    ]);
  });
});

describe("manual trigger", () => {
  it("enters specific users through the admin API", async () => {
    const j = unique("trg-manual");
    await publish(sendOn(j, { type: "manual" }, `${j}-email`), [`${j}-email`]);
    const user = unique("u");
    const entered = await admin("POST", `/journeys/${j}/enter`, { userId: user, properties: { campaign: "spring" } });
    expect(entered.body).toMatchObject({ journey: j, userId: user, entered: true });
    expect(await sentTemplates(user)).toEqual([`${j}-email`]);
  });
});
