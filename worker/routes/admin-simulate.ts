/**
 * POST /v1/admin/simulate (secret key): runs a journey — a definition, or the id of a stored one
 * (its newest published version, else its draft) — against a profile and a timeline, with the
 * workspace's published segments. Nothing is sent or stored (PRODUCT.md §3).
 */
import { Hono } from "hono";
import { getJourneyDetail } from "../catalog/journey-admin.ts";
import { withSchema } from "../catalog/d1-schema.ts";
import { getVersion } from "../catalog/journey-store.ts";
import { createCatalogReader } from "../catalog/reader.ts";
import { checkJourney, loadLookups } from "../catalog/validation.ts";
import type { Journey } from "../journey/schema/journey.ts";
import { SimulationInputError, simulate } from "../journey/simulate/index.ts";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { ADMIN_MAX_BYTES } from "../http/read-json.ts";
import { SimulateRequest } from "../http/schemas/simulate.ts";
import { invalidRequest, parseOrThrow } from "../http/validate.ts";
import { jsonBody } from "../middleware/json-body.ts";

export const adminSimulate = new Hono<AppEnv>();

adminSimulate.post("/", jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
  const workspace = c.get("workspace");
  const body = parseOrThrow(SimulateRequest, c.get("body"));
  const { definition, version } = await resolveJourney(c.env, workspace, body.journey);
  const live = await createCatalogReader(c.env).live(workspace);
  const profile = { userId: String(body.profile.userId), traits: body.profile.traits ?? {}, reachable: body.profile.reachable };
  try {
    const result = simulate(definition, profile, body.timeline, { until: body.until, segments: live.segments, version: version === "draft" ? 1 : version });
    return c.json({ journey: definition.id, version, ...result });
  } catch (err) {
    if (err instanceof SimulationInputError) throw new HttpError(400, "invalid_request", err.message, { path: err.path });
    throw err;
  }
});

async function resolveJourney(env: Env, workspace: string, journey: string | Record<string, unknown>): Promise<{ definition: Journey; version: number | "draft" }> {
  if (typeof journey !== "string") {
    const checked = checkJourney(journey, await loadLookups(env.CATALOG_DB, workspace));
    if (!checked.ok) throw invalidRequest(checked.problems.map((p) => ({ ...p, path: p.path === "" ? "journey" : `journey.${p.path}` })), "invalid_journey");
    return { definition: checked.value, version: "draft" };
  }
  const detail = await getJourneyDetail(env, workspace, journey);
  if (detail === null) throw new HttpError(404, "journey_not_found", `No journey "${journey}".`, { path: "journey" });
  if (detail.version === null) return { definition: detail.draft, version: "draft" };
  const db = env.CATALOG_DB;
  const version = detail.version;
  const definition = await withSchema(db, () => getVersion(db, workspace, journey, version));
  return { definition: definition ?? detail.draft, version };
}
