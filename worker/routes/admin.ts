/** Everything under /v1/admin: secret key only, then one sub-app per resource. */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { secretKeyAuth } from "../middleware/key-auth.ts";
import { adminBench } from "./admin-bench.ts";
import { adminJourneys } from "./admin-journeys.ts";
import { libraryRoutes } from "./admin-library.ts";
import { adminSimulate } from "./admin-simulate.ts";
import { adminUsers } from "./admin-users.ts";

export const admin = new Hono<AppEnv>();

admin.use("*", secretKeyAuth());
admin.route("/journeys", adminJourneys);
admin.route("/segments", libraryRoutes("segment"));
admin.route("/templates", libraryRoutes("template"));
admin.route("/geofences", libraryRoutes("geofence"));
admin.route("/users", adminUsers);
admin.route("/simulate", adminSimulate);
admin.route("/_bench", adminBench);
