/**
 * The HTTP surface of Nudge: the event API under /v1, the admin API under /v1/admin, the
 * OpenAPI document, and JSON errors everywhere. Routes stay thin: validate, pick the user's
 * Durable Object, call it. Static files (public/) are served by the assets binding before this.
 */
import { Hono } from "hono";
import type { AppEnv } from "./http/app-env.ts";
import { errorBody } from "./http/errors.ts";
import { openApiDocument } from "./http/openapi.ts";
import { jsonErrors } from "./middleware/json-errors.ts";
import { audienceSegments } from "./audience/segment-routes.ts";
import { geofences } from "./routes/geofences.ts";
import { identityErase } from "./routes/identity-erase.ts";
import { identitySettingsRoutes } from "./routes/identity-settings.ts";
import { admin } from "./routes/admin.ts";
import { events } from "./routes/events.ts";
import { imports } from "./routes/imports.ts";
import { pushRoutes } from "./routes/push.ts";
import { realtime } from "./routes/realtime.ts";
import { adminSettings } from "./routes/settings.ts";
import { engagementRoutes } from "./routes/webhooks.ts";

export const app = new Hono<AppEnv>();

app.get("/health", (c) => c.json({ ok: true, env: c.env.NUDGE_ENV }));
app.get("/v1/openapi.json", (c) => c.json(openApiDocument()));
// Before admin on purpose: these wrap admin routes and act only once those answered 2xx (after the key check).
app.route("/v1/admin/segments", audienceSegments);
app.route("/v1/admin/users", identityErase);
app.route("/v1/admin", admin);
app.route("/v1/admin/settings/identity", identitySettingsRoutes);
app.route("/v1/geofences", geofences);
app.route("/v1/admin/imports", imports); // after admin: its secret-key check runs first
app.route("/v1/admin/settings", adminSettings);
app.route("/v1", pushRoutes);
app.route("/v1", engagementRoutes);
app.route("/v1", realtime);
app.route("/v1", events);

app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
app.onError(jsonErrors());
