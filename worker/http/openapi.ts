/**
 * The OpenAPI 3.1 document served at GET /v1/openapi.json, built from the route table
 * (./openapi-routes.ts). Request schemas are generated from the very zod schemas the routes
 * validate with (z.toJSONSchema), so the published contract cannot drift from what the Worker accepts.
 */
import { z } from "zod";
import { ROUTES, UNNAMED_SCHEMAS, type Auth, type RequestBody, type RouteDoc } from "./openapi-routes.ts";

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

const SECURITY: Record<Auth, object[] | undefined> = {
  event: [{ writeKey: [] }, { secretKey: [] }],
  "event-query": [{ writeKey: [] }, { secretKey: [] }, { writeKeyQuery: [] }],
  secret: [{ secretKey: [] }],
  // Checked by the route itself (provider signature, verify token, signed link): no API key.
  signature: [],
  none: undefined,
};

let cached: object | null = null;

/** The document (built once per isolate). */
export function openApiDocument(): object {
  cached ??= build();
  return cached;
}

/** The `{name}` path parameters of an OpenAPI path, in order. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
}

function build(): object {
  for (const [schema, id] of UNNAMED_SCHEMAS) if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id });
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
  for (const route of ROUTES) {
    const entry = (paths[route.path] ??= {});
    entry[route.method] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: { title: "Nudge API", version: "1", description: "Segment-compatible event API, the browser SDK's routes, provider callbacks and the admin API. Errors: { error: { code, message, path? } }." },
    paths,
    components: {
      schemas,
      securitySchemes: {
        writeKey: { type: "http", scheme: "basic", description: "The write key as the Basic user name (or `writeKey` in the JSON body)." },
        secretKey: { type: "http", scheme: "bearer", description: "The secret key (also accepted as the Basic user name on event routes)." },
        writeKeyQuery: { type: "apiKey", in: "query", name: "writeKey", description: "The write key in the query string (the SDK's GET calls)." },
      },
    },
  };
}

function operation(route: RouteDoc): object {
  const errors = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
  const security = SECURITY[route.auth];
  const parameters = [
    ...pathParameters(route.path).map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
    ...(route.requiredQuery ?? []).map((name) => ({ name, in: "query", required: true, schema: { type: "string" } })),
    ...(route.query ?? []).map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
  ];
  return {
    summary: route.summary,
    "x-nudge-auth": route.auth,
    ...(security === undefined ? {} : { security }),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.body === undefined ? {} : { requestBody: requestBody(route.body) }),
    responses: { "200": { description: "OK" }, "400": errors, "401": errors, "403": errors, "404": errors, "413": errors },
  };
}

function requestBody(body: RequestBody): object {
  if (body.type === "csv") {
    const file = { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "text/csv" } }, description: "Options may come as fields before the file." };
    return { required: true, content: { "text/csv": { schema: { type: "string" } }, "multipart/form-data": { schema: file } } };
  }
  if (body.type === "provider") {
    const raw = { schema: { type: "string" }, description: "The provider's own callback format, read raw to check its signature." };
    return { required: true, content: { "application/json": raw, "application/x-www-form-urlencoded": raw } };
  }
  const id = z.globalRegistry.get(body.schema)?.id;
  if (id === undefined) throw new Error("openapi: a route's request schema has no id; give it .meta({ id }) or list it in UNNAMED_SCHEMAS");
  return { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${id}` } } } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
