/**
 * Admin journey routes (secret key), under /v1/admin/journeys: drafts, publish (immutable
 * versions), pause/resume/archive, stats and manual entry. Handlers validate and call the
 * catalog (worker/catalog/journey-admin.ts) or the user's object.
 */
import { Hono } from "hono";
import { changeJourneyStatus, getJourneyDetail, publishJourney, saveJourneyDraft } from "../catalog/journey-admin.ts";
import { listJourneyRecords } from "../catalog/journey-store.ts";
import { journeyStats } from "../catalog/journey-stats.ts";
import { withSchema } from "../catalog/d1-schema.ts";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { catalogId, withPathId } from "../http/path-id.ts";
import { ADMIN_MAX_BYTES } from "../http/read-json.ts";
import { EnterJourney } from "../http/schemas/enter-journey.ts";
import { invalidRequest, parseOrThrow } from "../http/validate.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { fanOutArchive } from "../catalog/archive-fanout.ts";
import { userObjects } from "../workspace/user-objects.ts";
import { userObjectName } from "../workspace/user-object-name.ts";

export const adminJourneys = new Hono<AppEnv>();

const iso = (ms: number): string => new Date(ms).toISOString();
const notFound = (id: string): HttpError => new HttpError(404, "journey_not_found", `No journey "${id}".`, { path: "id" });

adminJourneys.get("/", async (c) => {
  const db = c.env.CATALOG_DB;
  const records = await withSchema(db, () => listJourneyRecords(db, c.get("workspace")));
  const journeys = records.map((r) => ({ id: r.id, name: r.draft.name, status: r.status, version: r.version, updatedAt: iso(r.updatedAt) }));
  return c.json({ journeys });
});

adminJourneys.put("/:id", jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
  const id = catalogId(c.req.param("id"));
  const saved = await saveJourneyDraft(c.env, c.get("workspace"), withPathId(c.get("body"), id), Date.now());
  if (saved.type === "invalid") throw invalidRequest(saved.problems, "invalid_journey");
  const { record } = saved;
  return c.json({ id, status: record.status, version: record.version, draft: record.draft, updatedAt: iso(record.updatedAt) }, saved.created ? 201 : 200);
});

adminJourneys.get("/:id", async (c) => {
  const id = catalogId(c.req.param("id"));
  const detail = await getJourneyDetail(c.env, c.get("workspace"), id);
  if (detail === null) throw notFound(id);
  return c.json({
    id,
    status: detail.status,
    version: detail.version,
    draft: detail.draft,
    /** Whether the draft differs from the newest published version (true before the first publish). */
    draftChanged: detail.versions.at(-1)?.hash !== detail.draftHash,
    versions: detail.versions.map((v) => ({ version: v.version, hash: v.hash, publishedAt: iso(v.publishedAt) })),
    createdAt: iso(detail.createdAt),
    updatedAt: iso(detail.updatedAt),
  });
});

adminJourneys.post("/:id/publish", async (c) => {
  const id = catalogId(c.req.param("id"));
  const result = await publishJourney(c.env, c.get("workspace"), id, Date.now());
  if (result.type === "not_found") throw notFound(id);
  if (result.type === "invalid") {
    const error = invalidRequest(result.problems, "invalid_journey");
    throw new HttpError(409, error.code, `The draft cannot be published: ${error.message}`, { problems: result.problems, ...(error.path === undefined ? {} : { path: error.path }) });
  }
  return c.json({ id, status: "active", version: result.version, created: result.created }, result.created ? 201 : 200);
});

for (const [action, status] of [
  ["pause", "paused"],
  ["resume", "active"],
  ["archive", "archived"],
] as const) {
  adminJourneys.post(`/:id/${action}`, async (c) => {
    const id = catalogId(c.req.param("id"));
    const workspace = c.get("workspace");
    const result = await changeJourneyStatus(c.env, workspace, id, status, Date.now());
    if (result.type === "not_found") throw notFound(id);
    if (result.type === "not_published") throw new HttpError(409, "not_published", `Journey "${id}" has no published version yet; publish it first.`);
    const fannedOut = status === "archived" ? await fanOutArchive(c.env, workspace, id) : undefined;
    return c.json({ id, status: result.status, version: result.version, ...(fannedOut === undefined ? {} : { notifiedUsers: fannedOut }) });
  });
}

adminJourneys.get("/:id/stats", async (c) => {
  const id = catalogId(c.req.param("id"));
  const raw = c.req.query("version");
  const version = raw === undefined ? undefined : Number(raw);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
    throw new HttpError(400, "invalid_request", "version must be a positive integer", { path: "version" });
  }
  const stats = await journeyStats(c.env, c.get("workspace"), id, version);
  if (stats === null) throw notFound(id);
  return c.json(stats);
});

adminJourneys.post("/:id/enter", jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
  const id = catalogId(c.req.param("id"));
  const workspace = c.get("workspace");
  const body = parseOrThrow(EnterJourney, c.get("body"));
  const detail = await getJourneyDetail(c.env, workspace, id);
  if (detail === null) throw notFound(id);
  if (detail.status !== "active") {
    throw new HttpError(409, "journey_not_active", `Journey "${id}" is ${detail.status}: only an active (published) journey takes entries.`);
  }
  const userId = String(body.userId);
  const name = userObjectName(workspace, { userId });
  if (name === null) throw new HttpError(400, "invalid_request", "userId is required", { path: "userId" });
  const result = await userObjects(c.env).enter(name, { workspace, userId }, id, body.properties ?? {});
  return c.json({ journey: id, userId, ...result });
});
