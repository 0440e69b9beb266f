/** GET /v1/openapi.json: the published contract is generated from the zod schemas the routes use. */
import { describe, expect, it } from "vitest";
import { call } from "./api.ts";

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: { "application/json": { schema: { $ref: string } } } } }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { items?: { oneOf?: { $ref: string }[] } }> }> };
}

describe("GET /v1/openapi.json", () => {
  it("publishes every route with its request schema, without a key", async () => {
    const res = await call<Doc>("GET", "/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.paths["/v1/track"]?.["post"]?.requestBody?.content["application/json"].schema.$ref).toBe("#/components/schemas/TrackEvent");
    expect(res.body.paths["/v1/admin/journeys/{id}"]?.["put"]?.requestBody?.content["application/json"].schema.$ref).toBe("#/components/schemas/Journey");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/v1/batch", "/v1/admin/simulate", "/v1/admin/users/{id}/messages"]));
  });

  it("describes the inputs as the validators check them", async () => {
    const { schemas } = (await call<Doc>("GET", "/v1/openapi.json")).body.components;
    expect(schemas["TrackEvent"]?.required).toEqual(["event"]);
    expect(schemas["AliasEvent"]?.required).toEqual(expect.arrayContaining(["userId", "previousId"]));
    expect(schemas["Batch"]?.properties?.["batch"]?.items?.oneOf).toHaveLength(4);
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(["Journey", "Segment", "Template", "Geofence", "SimulateRequest", "Error"]));
  });
});
