/** Segments, templates and geofences: validated PUT, GET, list, DELETE (and refusing to delete what is in use). */
import { describe, expect, it } from "vitest";
import { admin } from "./api.ts";
import { emailTemplate, proSegment } from "./fixtures.ts";

type ErrorBody = { error: { code: string; path?: string; problems?: { path: string }[] } };

describe.each([
  ["segments", "segment", proSegment("segment-crud"), { ...proSegment("segment-crud"), name: "Pro (renamed)" }],
  ["templates", "template", emailTemplate("template-crud"), emailTemplate("template-crud", "Hello again")],
  ["geofences", "geofence", { name: "Store", lat: 48.8566, lng: 2.3522, radius: 150 }, { name: "Store", lat: 48.8566, lng: 2.3522, radius: 300 }],
] as const)("/v1/admin/%s", (plural, kind, doc, changed) => {
  const id = `${kind}-crud`;

  it("creates (201), replaces (200), reads, lists and deletes", async () => {
    expect((await admin("PUT", `/${plural}/${id}`, doc)).status).toBe(201);
    expect((await admin("PUT", `/${plural}/${id}`, changed)).status).toBe(200);
    const read = await admin<Record<string, unknown>>("GET", `/${plural}/${id}`);
    expect(read.status).toBe(200);
    expect(read.body[kind]).toEqual({ ...changed, id });
    const list = await admin<Record<string, { id: string }[]>>("GET", `/${plural}`);
    expect(list.body[plural]?.map((d) => d.id)).toContain(id);
    expect((await admin("DELETE", `/${plural}/${id}`)).status).toBe(200);
    expect((await admin<ErrorBody>("GET", `/${plural}/${id}`)).status).toBe(404);
    expect((await admin<ErrorBody>("DELETE", `/${plural}/${id}`)).status).toBe(404);
  });
});

describe("validation of library documents", () => {
  it.each([
    ["a segment with an unknown filter op", "/segments/s-bad", { name: "S", where: { attribute: "plan", op: "similar", value: "x" } }, "invalid_segment", "where.op"],
    ["an email template without subject", "/templates/t-bad", { channel: "email", html: "<p>x</p>" }, "invalid_template", "subject"],
    ["a template with broken Liquid", "/templates/t-liquid", { channel: "sms", body: "Hi {% if x %}" }, "invalid_template", "body"],
    ["a template with an unknown channel", "/templates/t-chan", { channel: "fax", body: "x" }, "invalid_template", "channel"],
    ["a geofence with latitude 123", "/geofences/g-bad", { name: "G", lat: 123, lng: 0, radius: 10 }, "invalid_geofence", "lat"],
  ])("refuses %s with 400 naming the field", async (_, path, body, code, field) => {
    const res = await admin<ErrorBody>("PUT", path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.problems?.map((p) => p.path)).toContain(field);
  });
});

describe("deleting what a published journey uses", () => {
  it("answers 409 while the journey is live, and allows it once archived", async () => {
    await admin("PUT", "/segments/seg-used", proSegment("seg-used"));
    await admin("PUT", "/templates/tpl-used", emailTemplate("tpl-used"));
    await admin("PUT", "/journeys/j-uses", {
      id: "j-uses",
      name: "Uses a segment",
      trigger: { type: "segment", segment: "seg-used", on: "enter" },
      start: "email",
      nodes: { email: { type: "send", channel: "email", template: "tpl-used", next: "end" }, end: { type: "end" } },
    });
    await admin("POST", "/journeys/j-uses/publish");
    const refused = await admin<ErrorBody>("DELETE", "/segments/seg-used");
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("segment_in_use");
    expect((await admin<ErrorBody>("DELETE", "/templates/tpl-used")).status).toBe(409);
    await admin("POST", "/journeys/j-uses/archive");
    expect((await admin("DELETE", "/segments/seg-used")).status).toBe(200);
  });
});
