/** GET /v1/openapi.json: the published contract lists every served route, generated from the zod schemas the routes use. */
import { describe, expect, it } from "vitest";
import { app } from "../../../worker/app.ts";
import { ChannelSettings } from "../../../worker/channels/settings.ts";
import { MessageEventBody } from "../../../worker/http/schemas/message-event.ts";
import { PushSubscriptionJson, SavePushSubscription } from "../../../worker/http/schemas/push-subscription.ts";
import { call } from "./api.ts";

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required: boolean;
}
interface Operation {
  summary: string;
  "x-nudge-auth": string;
  security?: Json[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string; type?: string } }> };
}
interface Schema {
  required?: string[];
  properties?: Record<string, { items?: { oneOf?: { $ref: string }[] }; enum?: string[]; $ref?: string }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * Served but intentionally not published: none today. Static files (public/, the SDK bundles) are
 * served by the assets binding before the app and never appear in `app.routes`; CORS preflights
 * and wrappers are `ALL` middleware, skipped below. Add "METHOD /path" here with the reason.
 */
const UNPUBLISHED: readonly string[] = [];

/** The app's handlers as "get /v1/x/{id}" (hono's `:id` → OpenAPI's `{id}`); middleware (`ALL`) left out. */
function servedRoutes(): string[] {
  const routes = app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`);
  return [...new Set(routes)].sort();
}

function documentedRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
    .sort();
}

const getDoc = async (): Promise<Doc> => (await call<Doc>("GET", "/v1/openapi.json")).body;
const op = (doc: Doc, method: string, path: string): Operation | undefined => doc.paths[path]?.[method];
const jsonRef = (o: Operation | undefined): string | undefined => o?.requestBody?.content["application/json"]?.schema.$ref;
const refName = (ref: string | undefined): string => (ref ?? "").replace("#/components/schemas/", "");

describe("GET /v1/openapi.json", () => {
  it("publishes every route with its request schema, without a key", async () => {
    const res = await call<Doc>("GET", "/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(jsonRef(op(res.body, "post", "/v1/track"))).toBe("#/components/schemas/TrackEvent");
    expect(jsonRef(op(res.body, "post", "/v1/t"))).toBe("#/components/schemas/TrackEvent");
    expect(jsonRef(op(res.body, "put", "/v1/admin/journeys/{id}"))).toBe("#/components/schemas/Journey");
  });

  it("lists exactly the routes the app serves", async () => {
    const doc = await getDoc();
    const served = servedRoutes().filter((r) => !UNPUBLISHED.includes(r));
    // Guards the walk itself: an empty or broken `app.routes` must not pass as "nothing missing".
    expect(served).toEqual(expect.arrayContaining(["post /v1/push/subscriptions", "delete /v1/push/subscriptions", "get /v1/connect", "post /v1/admin/imports", "post /v1/webhooks/{provider}"]));
    const documented = documentedRoutes(doc);
    expect(served.filter((r) => !documented.includes(r)), "served but missing from the document").toEqual([]);
    expect(documented.filter((r) => !served.includes(r)), "documented but not served").toEqual([]);
  });

  it("declares every path parameter, by its name", async () => {
    const doc = await getDoc();
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, o] of Object.entries(ops)) {
        const inPath = (o.parameters ?? []).filter((p) => p.in === "path");
        expect(inPath.map((p) => p.name), `${method} ${path}`).toEqual(names);
        expect(inPath.every((p) => p.required)).toBe(true);
      }
    }
    expect(op(doc, "post", "/v1/webhooks/{provider}")?.parameters?.map((p) => p.name)).toEqual(["provider", "workspace"]);
    expect(op(doc, "get", "/v1/unsubscribe")?.parameters).toEqual([{ name: "token", in: "query", required: true, schema: { type: "string" } }]);
  });

  it("describes who may call each route", async () => {
    const doc = await getDoc();
    const auth = (method: string, path: string) => op(doc, method, path)?.["x-nudge-auth"];
    for (const route of documentedRoutes(doc).filter((r) => r.includes(" /v1/admin/"))) {
      const [method = "", path = ""] = route.split(" ");
      expect(auth(method, path), route).toBe("secret");
    }
    expect(auth("post", "/v1/push/subscriptions")).toBe("event");
    expect(auth("get", "/v1/inbox")).toBe("event-query");
    expect(auth("post", "/v1/webhooks/{provider}")).toBe("signature");
    expect(op(doc, "post", "/v1/webhooks/{provider}")?.security).toEqual([]);
    expect(auth("get", "/health")).toBe("none");
  });

  it("refuses a call without a key on every route documented as needing one", async () => {
    const doc = await getDoc();
    const keyed = documentedRoutes(doc).filter((r) => {
      const [method = "", path = ""] = r.split(" ");
      return ["secret", "event", "event-query"].includes(op(doc, method, path)?.["x-nudge-auth"] ?? "");
    });
    expect(keyed.length).toBeGreaterThan(40);
    for (const route of keyed) {
      const [method = "", path = ""] = route.split(" ");
      const res = await call(method.toUpperCase(), path.replace(/\{[^}]+\}/g, "x1"), method === "get" ? {} : { body: {} });
      expect(res.status, route).toBe(401);
    }
  });

  it("describes the inputs as the validators check them", async () => {
    const { schemas } = (await getDoc()).components;
    expect(schemas["TrackEvent"]?.required).toEqual(["event"]);
    expect(schemas["AliasEvent"]?.required).toEqual(expect.arrayContaining(["userId", "previousId"]));
    expect(schemas["Batch"]?.properties?.["batch"]?.items?.oneOf).toHaveLength(4);
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["Journey", "Segment", "Template", "Geofence", "SimulateRequest", "Error"]));
  });

  it("takes the SDK's, settings' and imports' bodies from the routes' own validators", async () => {
    const doc = await getDoc();
    const { schemas } = doc.components;
    const save = schemas[refName(jsonRef(op(doc, "post", "/v1/push/subscriptions")))];
    expect(save?.required).toEqual(["subscription"]);
    expect(Object.keys(save?.properties ?? {})).toEqual(Object.keys(SavePushSubscription.shape));
    const subscription = schemas[refName(save?.properties?.["subscription"]?.$ref)];
    expect(subscription?.required).toEqual(["endpoint", "keys"]);
    expect(Object.keys(subscription?.properties ?? {})).toEqual(Object.keys(PushSubscriptionJson.shape));
    expect(schemas[refName(jsonRef(op(doc, "delete", "/v1/push/subscriptions")))]?.required).toEqual(["endpoint"]);

    const report = schemas[refName(jsonRef(op(doc, "post", "/v1/messages/{id}/events")))];
    expect(report?.required).toEqual(["type", "channel"]);
    expect(report?.properties?.["type"]?.enum).toEqual(MessageEventBody.shape.type.options);

    const channels = schemas[refName(jsonRef(op(doc, "put", "/v1/admin/settings/channels")))];
    expect(Object.keys(channels?.properties ?? {})).toEqual(Object.keys(ChannelSettings.shape));
    expect(jsonRef(op(doc, "put", "/v1/admin/settings/policy"))).toBe("#/components/schemas/DeliveryPolicy");
    expect(jsonRef(op(doc, "put", "/v1/admin/settings/webhooks"))).toBe("#/components/schemas/WebhookSecrets");
    expect(schemas[refName(jsonRef(op(doc, "put", "/v1/admin/settings/identity")))]?.required).toEqual(["enabled"]);

    const csv = op(doc, "post", "/v1/admin/imports")?.requestBody?.content;
    expect(Object.keys(csv ?? {})).toEqual(["text/csv", "multipart/form-data"]);
    expect(op(doc, "post", "/v1/admin/imports")?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["journey", "dryRun", "mapping"]));
  });
});
