import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("worker", () => {
  it("answers /health inside workerd", async () => {
    const res = await exports.default.fetch("http://nudge.test/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, env: "development" });
  });
  it("answers unknown routes with a JSON error", async () => {
    const res = await exports.default.fetch("http://nudge.test/nope");
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string } }>();
    expect(body.error.code).toBe("not_found");
  });
});
