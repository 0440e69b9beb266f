/**
 * GET /v1/geofences (write key, for the browser SDK; the secret key works too): the workspace's
 * fences `{ geofences: [{ id, name, lat, lng, radius }] }`, from the live catalog (isolate-cached).
 * The key comes as HTTP Basic / Bearer, or `?writeKey=` (the SDK's GET calls). Any origin may read.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { createCatalogReader } from "../catalog/reader.ts";
import type { AppEnv } from "../http/app-env.ts";
import { keyFromAuthorization } from "../http/credentials.ts";
import { HttpError } from "../http/errors.ts";
import { resolveKey } from "../workspace/keys.ts";

export const geofences = new Hono<AppEnv>();

geofences.use("/", cors({ origin: "*", allowMethods: ["GET", "OPTIONS"], allowHeaders: ["Authorization"], maxAge: 86_400 }));

geofences.get("/", async (c) => {
  const key = keyFromAuthorization(c.req.header("authorization")) ?? c.req.query("writeKey") ?? null;
  if (key === null) throw new HttpError(401, "missing_key", "No API key: send the write key as `?writeKey=` or as the HTTP Basic user name.");
  const grant = await resolveKey(c.env, key);
  if (grant === null) throw new HttpError(401, "invalid_key", "Unknown API key.");
  const live = await createCatalogReader(c.env).live(grant.workspace);
  const fences = live.geofences.map(({ id, name, lat, lng, radius }) => ({ id, name, lat, lng, radius }));
  c.header("Cache-Control", "private, max-age=60");
  return c.json({ geofences: fences });
});
