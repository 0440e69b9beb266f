/**
 * POST /v1/admin/_bench/ping (secret key): one Worker → User Durable Object round trip that does
 * no journey work (it reads the profile of a user nobody else uses). The ingest benchmark's
 * baseline (bench/ingest.ts); harmless, but kept behind the secret key.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env.ts";
import { userObjects } from "../workspace/user-objects.ts";

export const adminBench = new Hono<AppEnv>();

adminBench.post("/ping", async (c) => {
  const slot = c.req.query("slot") ?? "0";
  const name = `${c.get("workspace")}:_bench:ping-${slot.slice(0, 16)}`;
  const profile = await userObjects(c.env).profile(name);
  return c.json({ pong: true, seen: profile !== null });
});
