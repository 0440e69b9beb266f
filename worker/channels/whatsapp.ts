/**
 * WhatsApp through the Meta Cloud API: POST {baseUrl}/{version}/{phone-number-id}/messages with
 * `Authorization: Bearer <accessToken>`, `messaging_product: "whatsapp"`, either a pre-approved
 * template (body parameters in order) or a text session message. The idempotency key travels in
 * `biz_opaque_callback_data` (echoed in status webhooks) as is: a delivery key names the user's
 * object by itself, and the webhook parser reads a bare key as well as an `encodeMessageRef` token.
 * Docs: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { send } from "./http.ts";
import { trimBase, type WhatsappSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://graph.facebook.com";
export const DEFAULT_GRAPH_VERSION = "v25.0";
/** Meta error codes: 131026 undeliverable (not on WhatsApp), 131050 user stopped marketing messages. */
const UNREACHABLE_CODES = new Set(["131026", "131050"]);
/** Meta error codes that are rate limits, whatever the HTTP status. */
const THROTTLE_CODES = new Set(["4", "80007", "130429", "131048", "131056"]);

/** "v25.0" from "25.0" or "v25.0". Pure. */
export function graphVersion(version: string | undefined): string {
  const v = version ?? DEFAULT_GRAPH_VERSION;
  return v.startsWith("v") ? v : `v${v}`;
}

/** The Cloud API request for one rendered WhatsApp message. Pure. */
export function whatsappRequest(settings: WhatsappSettings, message: TemplateOf<"whatsapp">, to: RecipientOf<"whatsapp">, ctx: SendContext): HttpRequest {
  const common = { messaging_product: "whatsapp", recipient_type: "individual", to: to.phone, biz_opaque_callback_data: ctx.key };
  const t = message.template;
  const body =
    t !== undefined
      ? {
          ...common,
          type: "template",
          template: {
            name: t.name,
            language: { code: t.language },
            ...(t.parameters !== undefined && t.parameters.length > 0
              ? { components: [{ type: "body", parameters: t.parameters.map((text) => ({ type: "text", text })) }] }
              : {}),
          },
        }
      : { ...common, type: "text", text: { preview_url: false, body: message.body ?? "" } };
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/${graphVersion(settings.apiVersion)}/${settings.phoneNumberId}/messages`,
    method: "POST",
    headers: { authorization: `Bearer ${settings.accessToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  };
}

export const whatsappRules: ClassifyRules = {
  provider: "whatsapp",
  providerId: (a) => pick(a.json, "messages", 0, "id"),
  errorMessage: graphErrorMessage,
  special: (a) => {
    const code = pick(a.json, "error", "code");
    if (code === undefined || a.status < 400) return undefined;
    if (UNREACHABLE_CODES.has(code)) return { type: "unreachable", reason: `whatsapp ${a.status}: ${graphErrorMessage(a) ?? "undeliverable"}` };
    if (THROTTLE_CODES.has(code) && a.status !== 429) return { type: "retry", afterMs: 60_000, reason: `whatsapp ${a.status}: ${graphErrorMessage(a) ?? "rate limited"}` };
    return undefined;
  },
};

/** "message (code 131047)" from a Graph API error body. */
export function graphErrorMessage(a: { json: unknown }): string | undefined {
  const message = pick(a.json, "error", "error_user_msg") ?? pick(a.json, "error", "message");
  const code = pick(a.json, "error", "code");
  return message === undefined ? undefined : code === undefined ? message : `${message} (code ${code})`;
}

/** Sends one WhatsApp message and classifies the answer. Never throws. */
export function sendWhatsapp(settings: WhatsappSettings, message: TemplateOf<"whatsapp">, to: RecipientOf<"whatsapp">, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  return send(whatsappRequest(settings, message, to, ctx), whatsappRules, rt, ctx);
}
