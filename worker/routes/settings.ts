/**
 * Workspace settings (secret key), mounted at /v1/admin/settings behind the admin key check:
 * `GET|PUT /channels` (ChannelSettings: providers and credentials), `GET|PUT /policy`
 * (DeliveryPolicy: frequency caps, quiet hours), `GET|PUT /webhooks` (WebhookSecrets: provider
 * callback secrets). PUT replaces the document whole and answers it with secrets masked; a
 * mistake is a 400 listing every problem by path. GET never returns a secret.
 */
import { Hono } from "hono";
import { getSettings, putSettings, type EditableSettings } from "../catalog/settings-admin.ts";
import type { AppEnv } from "../http/app-env.ts";
import { ADMIN_MAX_BYTES } from "../http/read-json.ts";
import { invalidRequest } from "../http/validate.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { secretKeyAuth } from "../middleware/key-auth.ts";

export const adminSettings = new Hono<AppEnv>();

const KINDS: readonly EditableSettings[] = ["channels", "policy", "webhooks"];

adminSettings.use("*", secretKeyAuth());

for (const kind of KINDS) {
  adminSettings.get(`/${kind}`, async (c) => {
    const { settings, updatedAt } = await getSettings(c.env, c.get("workspace"), kind);
    return c.json({ [kind]: settings, updatedAt: updatedAt === null ? null : new Date(updatedAt).toISOString() });
  });

  adminSettings.put(`/${kind}`, jsonBody({ maxBytes: ADMIN_MAX_BYTES }), async (c) => {
    const origin = new URL(c.req.url).origin;
    const result = await putSettings(c.env, c.get("workspace"), kind, c.get("body"), origin, Date.now());
    if (result.type === "invalid") throw invalidRequest(result.problems, `invalid_${kind === "channels" ? "channel_settings" : kind}`);
    return c.json({ [kind]: result.settings });
  });
}
