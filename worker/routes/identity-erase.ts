/**
 * Wraps DELETE /v1/admin/users/{id} (worker/routes/admin-users.ts empties the user's object):
 * once that succeeded, the user is erased everywhere else too (worker/identity/erase-user.ts) and
 * the answer lists the merged visitors erased with them.
 *
 * Mounted in app.ts BEFORE the admin app, as middleware that does nothing until the admin route
 * (and its secret-key check) has answered: it acts only on a 2xx answer.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { eraseEverywhere } from "../identity/erase-user.ts";

export const identityErase = new Hono<AppEnv>();

identityErase.use("/:id", async function eraseEverywhereAfterDelete(c, next) {
  await next();
  if (c.req.method !== "DELETE" || !c.res.ok) return;
  const visitors = await eraseEverywhere(c.env, c.get("workspace"), c.req.param("id"), Date.now());
  const body: unknown = await c.res.clone().json();
  c.res = c.json({ ...(typeof body === "object" && body !== null ? body : {}), erasedVisitors: visitors });
});
