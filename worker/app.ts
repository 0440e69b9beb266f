import { Hono } from "hono";

/** The HTTP surface of Nudge. Routes stay thin: validate, pick the Durable Object, call it. */
export const app = new Hono<{ Bindings: Env }>();

app.get("/health", (c) => c.json({ ok: true, env: c.env.NUDGE_ENV }));

app.notFound((c) => c.json({ error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
