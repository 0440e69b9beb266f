/** Journey drafts, validation, publish (immutable versions), pause/resume/archive, through the admin API. */
import { describe, expect, it } from "vitest";
import { admin } from "./api.ts";
import { emailTemplate, sendJourney } from "./fixtures.ts";

type ErrorBody = { error: { code: string; message: string; path?: string; problems?: { path: string; code: string; message: string }[] } };
type Detail = { id: string; status: string; version: number | null; draft: { name: string }; versions: { version: number; publishedAt: string }[] };
type Published = { id: string; status: string; version: number; created: boolean };

async function seed(suffix: string): Promise<{ journey: string; template: string }> {
  const template = `jt-${suffix}`;
  const journey = `j-${suffix}`;
  expect((await admin("PUT", `/templates/${template}`, emailTemplate(template))).status).toBe(201);
  expect((await admin("PUT", `/journeys/${journey}`, sendJourney(journey, `Go ${suffix}`, template))).status).toBe(201);
  return { journey, template };
}

describe("PUT /v1/admin/journeys/{id}", () => {
  it("stores a valid draft (201, then 200) and GET returns it", async () => {
    const { journey, template } = await seed("draft");
    const again = await admin<Detail>("PUT", `/journeys/${journey}`, { ...sendJourney(journey, "Go draft", template), name: "Renamed" });
    expect(again.status).toBe(200);
    const detail = await admin<Detail>("GET", `/journeys/${journey}`);
    expect(detail.body).toMatchObject({ id: journey, status: "draft", version: null, draft: { name: "Renamed" }, versions: [] });
  });

  it("answers an invalid draft with 400 and every problem", async () => {
    const res = await admin<ErrorBody>("PUT", "/journeys/j-bad", {
      name: "Bad",
      trigger: { type: "event", event: "X" },
      start: "missing",
      nodes: {
        email: { type: "send", channel: "email", template: "no-such-template", next: "nowhere" },
        wait: { type: "wait", duration: "soon", next: "email" },
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_journey");
    const paths = (res.body.error.problems ?? []).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["start", "nodes.email.next", "nodes.email.template", "nodes.wait.duration"]));
    expect(res.body.error.path).toBe(res.body.error.problems?.[0]?.path);
  });

  it.each([
    ["a body id that differs from the URL", "j-url", { id: "j-other" }, 400, "id_mismatch"],
    ["an id the schema refuses", "Not_Valid!", {}, 400, "invalid_id"],
  ])("refuses %s", async (_, id, extra, status, code) => {
    const res = await admin<ErrorBody>("PUT", `/journeys/${encodeURIComponent(id)}`, { ...sendJourney("j-url", "E", "t"), ...extra });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await admin<ErrorBody>("PUT", "/journeys/j-json", "{nope");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });
});

describe("publishing", () => {
  it("creates version 1, keeps it for an unchanged draft, then creates version 2", async () => {
    const { journey, template } = await seed("pub");
    const first = await admin<Published>("POST", `/journeys/${journey}/publish`);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: journey, status: "active", version: 1, created: true });

    const same = await admin<Published>("POST", `/journeys/${journey}/publish`);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ version: 1, created: false });

    await admin("PUT", `/journeys/${journey}`, { ...sendJourney(journey, "Go pub", template), name: "Second" });
    const second = await admin<Published>("POST", `/journeys/${journey}/publish`);
    expect(second.body).toMatchObject({ version: 2, created: true });

    const detail = await admin<Detail>("GET", `/journeys/${journey}`);
    expect(detail.body.status).toBe("active");
    expect(detail.body.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it("refuses to publish a draft whose template was deleted since (409 with the problems)", async () => {
    const { journey, template } = await seed("stale");
    expect((await admin("DELETE", `/templates/${template}`)).status).toBe(200);
    const res = await admin<ErrorBody>("POST", `/journeys/${journey}/publish`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("invalid_journey");
    expect(res.body.error.problems?.map((p) => p.path)).toContain("nodes.email.template");
  });

  it("answers an unknown journey with 404", async () => {
    for (const [method, path] of [
      ["GET", "/journeys/j-nobody"],
      ["POST", "/journeys/j-nobody/publish"],
      ["POST", "/journeys/j-nobody/pause"],
      ["POST", "/journeys/j-nobody/archive"],
      ["GET", "/journeys/j-nobody/stats"],
    ] as const) {
      const res = await admin<ErrorBody>(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("journey_not_found");
    }
  });

  it("lists journeys with their status and version", async () => {
    const { journey } = await seed("list");
    await admin("POST", `/journeys/${journey}/publish`);
    const res = await admin<{ journeys: { id: string; status: string; version: number | null }[] }>("GET", "/journeys");
    expect(res.body.journeys).toContainEqual(expect.objectContaining({ id: journey, status: "active", version: 1 }));
  });
});

describe("pause, resume, archive", () => {
  it("moves a published journey through its statuses", async () => {
    const { journey } = await seed("life");
    await admin("POST", `/journeys/${journey}/publish`);
    for (const [action, status] of [
      ["pause", "paused"],
      ["resume", "active"],
      ["archive", "archived"],
    ] as const) {
      const res = await admin<{ status: string; version: number }>("POST", `/journeys/${journey}/${action}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status, version: 1 });
      expect((await admin<Detail>("GET", `/journeys/${journey}`)).body.status).toBe(status);
    }
  });

  it("refuses to pause a journey that was never published (409)", async () => {
    const { journey } = await seed("never");
    const res = await admin<ErrorBody>("POST", `/journeys/${journey}/pause`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("not_published");
  });
});
