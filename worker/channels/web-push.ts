/**
 * Web push to a browser subscription (RFC 8030): POST to the subscription endpoint with the
 * payload encrypted per RFC 8291 (`Content-Encoding: aes128gcm`), VAPID authorization (RFC 8292),
 * and TTL / Urgency / Topic headers. 404 and 410 mean the subscription is gone: the outcome is
 * unreachable and the caller must delete that subscription.
 *
 * The service worker receives the JSON of sdk/protocol.ts `PushPayload`:
 * `{ "type": "push", "id", "title", "body"?, "url"?, "icon"?, "image"?, "badge"?, "tag"?,
 * "requireInteraction"?, "actions"?: [{ "action", "title", "url"? }], "user"? }`.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { fromBase64url, utf8 } from "./bytes.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { send } from "./http.ts";
import { trimBase, type WebPushSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";
import type { VapidSigner } from "./vapid.ts";
import { encryptForSubscription, MAX_PAYLOAD_BYTES } from "./web-push-encrypt.ts";

/** Four weeks, the longest push services keep a message. */
const DEFAULT_TTL_S = 2_419_200;

/** The JSON the service worker gets (sdk/protocol.ts `PushPayload`). Pure. */
export function webPushPayload(message: TemplateOf<"web_push">, ctx: SendContext, user?: RecipientOf<"web_push">["user"]): string {
  const optional = {
    body: message.body,
    url: message.url,
    icon: message.icon,
    image: message.image,
    badge: message.badge,
    tag: message.tag,
    requireInteraction: message.require_interaction,
    actions: message.actions,
    user,
  };
  const present = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  // `type: "push"` lets the SDK's service worker tell Nudge pushes from a site's own.
  return JSON.stringify({ type: "push", id: ctx.key, title: message.title, ...present });
}

/** Where the request goes: the endpoint, or its path under `baseUrl` in development. Pure. */
export function pushTarget(endpoint: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return endpoint;
  const url = new URL(endpoint);
  return `${trimBase(baseUrl)}${url.pathname}${url.search}`;
}

/** Why a subscription can never get a push (bad endpoint or keys), else undefined. Pure. */
export function subscriptionProblem(subscription: RecipientOf<"web_push">["subscription"]): string | undefined {
  try {
    if (!/^https?:$/.test(new URL(subscription.endpoint).protocol)) return "endpoint is not an http(s) URL";
  } catch {
    return "endpoint is not a URL";
  }
  const key = decodes(subscription.keys.p256dh);
  if (key === undefined || key.length !== 65 || key[0] !== 4) return "p256dh is not a 65-byte P-256 point";
  if (decodes(subscription.keys.auth)?.length !== 16) return "auth is not 16 bytes";
  return undefined;
}

/** The encrypted push request, given its VAPID Authorization value. @throws on bad subscription keys or an oversize payload */
export async function webPushRequest(settings: WebPushSettings, message: TemplateOf<"web_push">, to: RecipientOf<"web_push">, ctx: SendContext, authorization: string): Promise<HttpRequest> {
  const { endpoint, keys } = to.subscription;
  return {
    url: pushTarget(endpoint, settings.baseUrl),
    method: "POST",
    headers: {
      authorization,
      "content-encoding": "aes128gcm",
      "content-type": "application/octet-stream",
      ttl: String(message.ttl ?? DEFAULT_TTL_S),
      urgency: message.urgency ?? "normal",
      ...(message.topic !== undefined ? { topic: message.topic } : {}),
    },
    body: await encryptForSubscription(utf8(webPushPayload(message, ctx, to.user)), keys),
  };
}

export const webPushRules: ClassifyRules = {
  provider: "web_push",
  // 201 Created; the Location header names the push message resource.
  providerId: (a) => a.headers.get("location") ?? undefined,
  // Autopush answers JSON errors with `message`; others send text, used as is.
  errorMessage: (a) => pick(a.json, "message"),
  goneIsUnreachable: true,
};

/** Sends one web push and classifies the answer. Never throws. */
export async function sendWebPush(settings: WebPushSettings, message: TemplateOf<"web_push">, to: RecipientOf<"web_push">, ctx: SendContext, rt: Runtime, signer: VapidSigner): Promise<DeliveryOutcome> {
  const broken = subscriptionProblem(to.subscription);
  if (broken !== undefined) return { type: "unreachable", reason: `web_push: broken subscription: ${broken}` };
  const size = utf8(webPushPayload(message, ctx, to.user)).length;
  if (size > MAX_PAYLOAD_BYTES) return { type: "failed", reason: `web_push: payload is ${size} bytes, more than ${MAX_PAYLOAD_BYTES}` };
  let authorization: string;
  try {
    authorization = await signer.authorization(to.subscription.endpoint, rt.now());
  } catch (error) {
    return { type: "failed", reason: `credentials: web_push: ${error instanceof Error ? error.message : String(error)}` };
  }
  return send(await webPushRequest(settings, message, to, ctx, authorization), webPushRules, rt, ctx);
}

function decodes(text: string): Uint8Array | undefined {
  try {
    return fromBase64url(text);
  } catch {
    return undefined;
  }
}
