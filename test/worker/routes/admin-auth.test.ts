/** Admin routes take the secret key only. */
import { describe, expect, it } from "vitest";
import { call, SECRET_KEY, WRITE_KEY } from "./api.ts";

type ErrorBody = { error: { code: string } };

describe("admin authentication", () => {
  it.each([
    ["no key", {}, 401, "missing_key"],
    ["an unknown key", { auth: "bearer:sk_nope" as const }, 401, "invalid_key"],
    ["the write key (Basic)", { auth: `basic:${WRITE_KEY}` as const }, 403, "forbidden"],
    ["the write key (Bearer)", { auth: `bearer:${WRITE_KEY}` as const }, 403, "forbidden"],
  ])("refuses %s", async (_, options, status, code) => {
    const res = await call<ErrorBody>("GET", "/v1/admin/journeys", options);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it.each([
    ["Bearer", `bearer:${SECRET_KEY}` as const],
    ["Basic user name", `basic:${SECRET_KEY}` as const],
  ])("accepts the secret key as %s", async (_, auth) => {
    const res = await call("GET", "/v1/admin/journeys", { auth });
    expect(res.status).toBe(200);
  });

  it("answers an unknown admin route with a JSON 404 after auth", async () => {
    const res = await call<ErrorBody>("GET", "/v1/admin/nothing-here", { auth: `bearer:${SECRET_KEY}` });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("not_found");
  });
});
