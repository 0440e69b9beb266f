/**
 * GET|PUT /v1/admin/settings/identity (secret key): identity verification for browser calls.
 * PUT `{ "enabled": true, "secret"?: "…" }` — without `secret` the stored one is kept, or one is
 * generated when first enabling; the answer shows the secret (the admin's server needs it to
 * compute `userHash`). GET shows whether it is on and whether a secret is set, never the secret.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { ADMIN_MAX_BYTES } from "../http/read-json.ts";
import { parseOrThrow } from "../http/validate.ts";
import { IdentitySettings, identitySettings, putIdentitySettings } from "../identity/settings.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { secretKeyAuth } from "../middleware/key-auth.ts";

export const identitySettingsRoutes = new Hono<AppEnv>();

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

identitySettingsRoutes.use("*", secretKeyAuth());

identitySettingsRoutes.get("/", async (c) => {
  const s = await identitySettings(c.env, c.get("workspace"));
  return c.json({ identity: { enabled: s.enabled, secretSet: s.secret !== null }, updatedAt: iso(s.updatedAt) });
});

identitySettingsRoutes.put("/", jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
  const input = parseOrThrow(IdentitySettings, c.get("body"));
  const s = await putIdentitySettings(c.env, c.get("workspace"), input, Date.now());
  return c.json({ identity: { enabled: s.enabled, secret: s.secret }, updatedAt: iso(s.updatedAt) });
});
