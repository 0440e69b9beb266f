/**
 * Wraps the admin segment routes (worker/routes/admin-library.ts stores and publishes segments):
 * - GET /v1/admin/segments/{id} answers also `members` (the live member count, kept from the
 *   objects' deltas: no user is scanned), `membersUpdatedAt` and the newest `backfill`'s progress;
 * - PUT /v1/admin/segments/{id} starts a backfill once the segment is published (`backfill: true`).
 *
 * Mounted in app.ts BEFORE the admin app, as middleware that does nothing until the admin route
 * (and its secret-key check) has answered: it acts only on a 2xx answer.
 */
import { Hono } from "hono";
import { Segment } from "../journey/schema/segment.ts";
import type { AppEnv } from "../http/app-env.ts";
import { backfillProgress, startBackfill } from "./backfill.ts";
import { withAudienceSchema } from "./d1-schema.ts";
import { segmentCount } from "./membership-store.ts";

export const audienceSegments = new Hono<AppEnv>();

audienceSegments.use("/:id", async function segmentAudience(c, next) {
  await next();
  const method = c.req.method;
  if ((method !== "GET" && method !== "PUT") || !c.res.ok) return;
  const body: unknown = await c.res.clone().json();
  const base = typeof body === "object" && body !== null ? body : {};
  const workspace = c.get("workspace");
  const db = c.env.CATALOG_DB;
  if (method === "PUT") {
    const parsed = Segment.safeParse(Reflect.get(base, "segment"));
    const started = parsed.success ? await startBackfill(c.env, workspace, parsed.data, Date.now()) : false;
    c.res = c.json({ ...base, backfill: started }, c.res.status === 201 ? 201 : 200);
    return;
  }
  const id = c.req.param("id");
  const [count, backfill] = await Promise.all([withAudienceSchema(db, () => segmentCount(db, workspace, id)), backfillProgress(db, workspace, id)]);
  c.res = c.json({ ...base, members: count.members, membersUpdatedAt: count.updatedAt === null ? null : new Date(count.updatedAt).toISOString(), backfill });
});
