/**
 * The OpenAPI 3.1 document served at GET /v1/openapi.json. Request schemas are generated from the
 * very zod schemas the routes validate with (z.toJSONSchema), so the published contract cannot
 * drift from what the Worker accepts.
 */
import { z } from "zod";
import "../journey/schema/journey.ts";
import "../journey/schema/segment.ts";
import { Template } from "../templates/index.ts";
import "./schemas/alias.ts";
import "./schemas/batch.ts";
import "./schemas/enter-journey.ts";
import "./schemas/geofence.ts";
import "./schemas/identify.ts";
import "./schemas/page.ts";
import "./schemas/simulate.ts";
import "./schemas/track.ts";

type Auth = "event" | "secret" | "none";
/** [method, path, summary, auth, request schema id] */
type RouteDoc = readonly [string, string, string, Auth, string?];

const ROUTES: readonly RouteDoc[] = [
  ["post", "/v1/track", "Record an event (short path /v1/t)", "event", "TrackEvent"],
  ["post", "/v1/identify", "Identify a user and set traits (short path /v1/i)", "event", "IdentifyEvent"],
  ["post", "/v1/page", "Record a page view (short path /v1/p)", "event", "PageEvent"],
  ["post", "/v1/alias", "Link a previous id to a user id (short path /v1/a)", "event", "AliasEvent"],
  ["post", "/v1/batch", "Send many calls; per-item results", "event", "Batch"],
  ["get", "/v1/admin/journeys", "List journeys", "secret"],
  ["put", "/v1/admin/journeys/{id}", "Store a validated draft", "secret", "Journey"],
  ["get", "/v1/admin/journeys/{id}", "Draft, status and versions", "secret"],
  ["post", "/v1/admin/journeys/{id}/publish", "Publish the draft as a new immutable version", "secret"],
  ["post", "/v1/admin/journeys/{id}/pause", "Stop new entries", "secret"],
  ["post", "/v1/admin/journeys/{id}/resume", "Take entries again", "secret"],
  ["post", "/v1/admin/journeys/{id}/archive", "End every run", "secret"],
  ["get", "/v1/admin/journeys/{id}/stats", "Per-node counters", "secret"],
  ["post", "/v1/admin/journeys/{id}/enter", "Enter one user (manual trigger)", "secret", "EnterJourney"],
  ["get", "/v1/admin/segments", "List segments", "secret"],
  ["put", "/v1/admin/segments/{id}", "Store a segment", "secret", "Segment"],
  ["get", "/v1/admin/segments/{id}", "Read a segment", "secret"],
  ["delete", "/v1/admin/segments/{id}", "Delete a segment", "secret"],
  ["get", "/v1/admin/templates", "List templates", "secret"],
  ["put", "/v1/admin/templates/{id}", "Store a template", "secret", "Template"],
  ["get", "/v1/admin/templates/{id}", "Read a template", "secret"],
  ["delete", "/v1/admin/templates/{id}", "Delete a template", "secret"],
  ["get", "/v1/admin/geofences", "List geofences", "secret"],
  ["put", "/v1/admin/geofences/{id}", "Store a geofence", "secret", "Geofence"],
  ["get", "/v1/admin/geofences/{id}", "Read a geofence", "secret"],
  ["delete", "/v1/admin/geofences/{id}", "Delete a geofence", "secret"],
  ["get", "/v1/admin/users/{id}", "Profile, segments and active runs", "secret"],
  ["get", "/v1/admin/users/{id}/messages", "Message log, oldest first", "secret"],
  ["get", "/v1/admin/users/{id}/trace", "Why the user did or did not get a message", "secret"],
  ["delete", "/v1/admin/users/{id}", "Erase everything stored for the user", "secret"],
  ["post", "/v1/admin/simulate", "Dry-run a journey on a profile and a timeline", "secret", "SimulateRequest"],
  ["get", "/v1/openapi.json", "This document", "none"],
];

const ErrorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string" }, message: { type: "string" }, path: { type: "string", examples: ["batch[3].event"] }, problems: { type: "array" } },
    },
  },
};

let cached: object | null = null;

/** The document (built once per isolate). */
export function openApiDocument(): object {
  cached ??= build();
  return cached;
}

function build(): object {
  if (!z.globalRegistry.has(Template)) z.globalRegistry.add(Template, { id: "Template" });
  const generated = z.toJSONSchema(z.globalRegistry, { target: "draft-2020-12", io: "input", uri: (id) => `#/components/schemas/${id}` });
  const schemas: Record<string, unknown> = { Error: ErrorSchema };
  for (const [id, schema] of Object.entries(generated.schemas)) {
    const { $schema: _s, $id: _i, ...rest } = schema;
    schemas[id] = rest;
  }
  const batch = schemas["Batch"];
  if (isObject(batch) && isObject(batch["properties"]) && isObject(batch["properties"]["batch"])) {
    const events = ["TrackEvent", "IdentifyEvent", "PageEvent", "AliasEvent"].map((id) => ({ $ref: `#/components/schemas/${id}` }));
    batch["properties"]["batch"]["items"] = { oneOf: events };
  }
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, summary, auth, request] of ROUTES) {
    paths[path] ??= {};
    const entry = paths[path];
    if (entry !== undefined) entry[method] = operation(summary, auth, request, path.includes("{id}"));
  }
  return {
    openapi: "3.1.0",
    info: { title: "Nudge API", version: "1", description: "Segment-compatible event API and the journey admin API. Errors: { error: { code, message, path? } }." },
    paths,
    components: {
      schemas,
      securitySchemes: {
        writeKey: { type: "http", scheme: "basic", description: "The write key as the Basic user name (or `writeKey` in the body)." },
        secretKey: { type: "http", scheme: "bearer", description: "The secret key (also accepted as the Basic user name on event routes)." },
      },
    },
  };
}

function operation(summary: string, auth: Auth, request: string | undefined, hasId: boolean): object {
  const errors = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  return {
    summary,
    ...(auth === "none" ? {} : { security: auth === "event" ? [{ writeKey: [] }, { secretKey: [] }] : [{ secretKey: [] }] }),
    ...(hasId ? { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }] } : {}),
    ...(request === undefined ? {} : { requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${request}` } } } } }),
    responses: { "200": { description: "OK" }, "400": errors, "401": errors, "403": errors, "404": errors, "413": errors },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
