/**
 * The event API (PRODUCT.md §3): POST /v1/track, /identify, /page, /alias, /batch and Segment's
 * short aliases /v1/t, /i, /p, /a. Write key (browser) or secret key (server). Each handler only
 * validates, normalizes and hands the items to the users' Durable Objects.
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { batchResponse, validateBatchItems } from "../http/ingest/batch-items.ts";
import { checkCall } from "../http/ingest/check-call.ts";
import { dispatchItems } from "../http/ingest/dispatch.ts";
import { normalizeCall } from "../http/ingest/normalize-call.ts";
import { BATCH_MAX_BYTES, EVENT_MAX_BYTES } from "../http/read-json.ts";
import { Batch, type EventType } from "../http/schemas/batch.ts";
import { invalidRequest, parseOrThrow } from "../http/validate.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { eventKeyAuth } from "../middleware/key-auth.ts";
import { identityIngest } from "../identity/identity-ingest.ts";
import { verifyIdentity } from "../identity/verify-identity.ts";

export const events = new Hono<AppEnv>();

// Browsers on the customer's site call these with the write key in a header: allow any origin
// (no cookies are involved, so `*` is safe) and let them read error bodies. Only these paths:
// this app is mounted at /v1, and a "*" here would also cover /v1/admin.
const browsers = cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["Authorization", "Content-Type"], exposeHeaders: ["Retry-After"], maxAge: 86_400 });

/** Segment's paths for each call type, long and short. */
const PATHS: ReadonlyArray<readonly [EventType, string]> = [
  ["track", "/track"],
  ["track", "/t"],
  ["identify", "/identify"],
  ["identify", "/i"],
  ["page", "/page"],
  ["page", "/p"],
  ["alias", "/alias"],
  ["alias", "/a"],
];

for (const path of [...PATHS.map(([, p]) => p), "/batch"]) events.use(path, browsers);

for (const [type, path] of PATHS) {
  events.post(path, jsonBody({ maxBytes: EVENT_MAX_BYTES }), eventKeyAuth(), verifyIdentity(), async (c) => {
    const checked = checkCall(type, c.get("body"));
    if (!checked.ok) throw invalidRequest(checked.problems);
    const item = normalizeCall(checked.call, { receivedAt: Date.now(), newId: () => crypto.randomUUID() });
    const [outcome] = await dispatchItems(c.get("workspace"), [item], identityIngest(c.env));
    if (outcome === undefined || outcome.status === "failed") {
      throw new HttpError(503, "unavailable", "The user's object could not be reached; retry the request.", { headers: { "Retry-After": "1" } });
    }
    if (outcome.status === "rejected") {
      throw new HttpError(400, "rejected", outcome.reason, outcome.path === undefined ? {} : { path: outcome.path });
    }
    return c.json({ success: true, messageId: outcome.messageId, status: outcome.status });
  });
}

events.post("/batch", jsonBody({ maxBytes: BATCH_MAX_BYTES }), eventKeyAuth(), verifyIdentity(), async (c) => {
  const envelope = parseOrThrow(Batch, c.get("body"));
  const checked = validateBatchItems(envelope, { receivedAt: Date.now(), newId: () => crypto.randomUUID() });
  const valid = checked.flatMap((r) => (r.type === "valid" ? [r.item] : []));
  const outcomes = await dispatchItems(c.get("workspace"), valid, identityIngest(c.env));
  const { status, body } = batchResponse(checked, outcomes);
  if (status === 503) c.header("Retry-After", "1");
  return c.json(body, status);
});
