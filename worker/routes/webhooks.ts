/**
 * Engagement coming back (docs/delivery.md):
 * - `POST /v1/webhooks/{provider}?workspace=…` — provider callbacks (resend, sendgrid, postmark,
 *   twilio, whatsapp), verified with the workspace's webhook secrets before anything is read;
 *   `GET /v1/webhooks/whatsapp` is Meta's subscription handshake.
 * - `GET|POST /v1/unsubscribe?token=…` — the signed link in messages: GET confirms, POST does it.
 * - `POST /v1/messages/{id}/events` — the SDK and service worker report shown / clicked /
 *   dismissed / answered (write key). With identity verification on, a write-key report naming a
 *   `userId` needs its `userHash` (docs/identity.md), else 401.
 * Each resolves to engagement signals, handed to the users' objects (route-signals.ts).
 */
import { Hono } from "hono";
import { cors } from "hono/cors";
import { readRuntimeSettings } from "../catalog/workspace-settings.ts";
import { clientSignal } from "../delivery/engagement/client-signal.ts";
import type { AppEnv } from "../http/app-env.ts";
import { HttpError } from "../http/errors.ts";
import { EVENT_MAX_BYTES, readText } from "../http/read-json.ts";
import { MessageEventBody } from "../http/schemas/message-event.ts";
import { parseOrThrow } from "../http/validate.ts";
import { assertUserVerified } from "../identity/verify-identity.ts";
import { jsonBody } from "../middleware/json-body.ts";
import { eventKeyAuth } from "../middleware/key-auth.ts";
import { deliverSignals } from "../user/delivery/route-signals.ts";
import { confirmPage, donePage, invalidPage } from "../user/delivery/unsubscribe-page.ts";
import { receiveWebhook } from "../webhooks/receive-webhook.ts";
import { unsubscribeSignal, unsubscribeTokenWorkspace, verifyUnsubscribeToken, type UnsubscribeClaims } from "../webhooks/unsubscribe-token.ts";
import { whatsappHandshake } from "../webhooks/whatsapp.ts";
import { defaultWorkspace } from "../workspace/keys.ts";

export const engagementRoutes = new Hono<AppEnv>();

const WEBHOOK_MAX_BYTES = 1024 * 1024;

engagementRoutes.get("/webhooks/whatsapp", async (c) => {
  const workspace = c.req.query("workspace") ?? defaultWorkspace(c.env);
  const secrets = (await readRuntimeSettings(c.env, workspace)).webhooks?.whatsapp;
  if (secrets === undefined) throw new HttpError(404, "not_configured", "whatsapp webhooks are not configured for this workspace");
  const handshake = whatsappHandshake(c.req.url, secrets);
  if (!handshake.ok) throw new HttpError(403, "invalid_verify_token", handshake.reason);
  return c.text(handshake.challenge);
});

engagementRoutes.post("/webhooks/:provider", async (c) => {
  const workspace = c.req.query("workspace") ?? defaultWorkspace(c.env);
  const settings = await readRuntimeSettings(c.env, workspace);
  const rawBody = await readText(c.req.raw, WEBHOOK_MAX_BYTES);
  const receipt = await receiveWebhook(c.req.param("provider"), { method: c.req.method, url: c.req.url, headers: c.req.raw.headers, rawBody }, settings.webhooks ?? {}, Date.now());
  if (!receipt.ok) throw new HttpError(receipt.status, receipt.error.code, receipt.error.message);
  const delivered = await deliverSignals(c.env, workspace, receipt.signals);
  return c.json({ received: receipt.signals.length, ...delivered, ignored: receipt.ignored });
});

/** The verified claims of the `token` query parameter, or an HTML error page. */
async function verifiedToken(env: Env, token: string | undefined): Promise<{ ok: true; token: string; claims: UnsubscribeClaims } | { ok: false; reason: string }> {
  const workspace = token === undefined ? null : unsubscribeTokenWorkspace(token);
  if (token === undefined || workspace === null) return { ok: false, reason: "The link is incomplete: it has no valid token." };
  const settings = await readRuntimeSettings(env, workspace);
  const verified = await verifyUnsubscribeToken(token, settings.unsubscribeSecret);
  return verified.ok ? { ok: true, token, claims: verified.claims } : { ok: false, reason: verified.reason };
}

engagementRoutes.get("/unsubscribe", async (c) => {
  const checked = await verifiedToken(c.env, c.req.query("token"));
  if (!checked.ok) return c.html(invalidPage(checked.reason), 400);
  return c.html(confirmPage(checked.claims.channel, checked.token));
});

engagementRoutes.post("/unsubscribe", async (c) => {
  const checked = await verifiedToken(c.env, c.req.query("token"));
  if (!checked.ok) return c.html(invalidPage(checked.reason), 400);
  const { claims } = checked;
  await deliverSignals(c.env, claims.workspace, [unsubscribeSignal(claims, Date.now())]);
  return c.html(donePage(claims.channel));
});

engagementRoutes.use("/messages/*", cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["Authorization", "Content-Type"], maxAge: 86_400 }));

engagementRoutes.post("/messages/:id/events", jsonBody({ maxBytes: EVENT_MAX_BYTES }), eventKeyAuth(), async (c) => {
  const body = parseOrThrow(MessageEventBody, c.get("body"));
  await assertUserVerified(c.env, c.get("workspace"), c.get("keyKind"), body.userId, body.userHash);
  const now = Date.now();
  const at = Math.min(body.at === undefined ? now : Date.parse(body.at), now);
  // The service worker says "dismissed" for a closed notification; push signals call it "closed".
  const type = body.type === "dismissed" && (body.channel === "web_push" || body.channel === "mobile_push") ? "closed" : body.type;
  if (type === "answered") return c.json({ success: true, applied: 0 }, 202); // survey answers arrive as "Survey Answered" events
  const made = clientSignal({ channel: body.channel, type, messageKey: c.req.param("id"), at, ...(body.userId !== undefined ? { userId: body.userId } : {}), ...(body.url !== undefined ? { url: body.url } : {}) });
  if (!made.ok) throw new HttpError(400, "invalid_request", `${made.field}: ${made.message}`, { path: made.field });
  const delivered = await deliverSignals(c.env, c.get("workspace"), [made.signal]);
  if (delivered.unmatched > 0) throw new HttpError(404, "message_not_found", `No message ${JSON.stringify(c.req.param("id"))} in this workspace.`, { path: "id" });
  return c.json({ success: true, applied: delivered.applied }, 202);
});
