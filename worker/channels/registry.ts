/**
 * `createDelivery(settings, deps)`: the one object the User Durable Object's Performer calls to
 * perform outbox rows — sends (render + address + adapter), webhooks, fetch_data and audience
 * updates — with the workspace's channel settings. Holds per-instance caches: OAuth tokens, VAPID
 * JWTs, fetch_data GET answers. Nothing here throws.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { Channel } from "../journey/schema/channels.ts";
import { renderJson, renderString, type RenderJsonResult } from "../templates/render-json.ts";
import { renderTemplate } from "../templates/render-template.ts";
import type { Template } from "../templates/schema.ts";
import type { TemplateVars } from "../templates/vars.ts";
import type { AudienceIdentity } from "./audience-hash.ts";
import { readChannelSettings, type SettingsProblem } from "./channel-settings.ts";
import { recipientsFor, type ContactProfile } from "./contact.ts";
import { FetchDataCache, fetchData, type FetchDataResult } from "./fetch-data.ts";
import { updateGoogleAudience } from "./google-customer-match.ts";
import { updateMetaAudience } from "./meta-audiences.ts";
import { combineOutcomes, type SendReport } from "./send-report.ts";
import { sendMessage, templateMismatch, type AdapterState, type BrowserSink } from "./send-message.ts";
import { TokenCache } from "./token-cache.ts";
import { runtime, type DeliverOptions, type DeliveryDeps, type Recipient, type SendContext } from "./types.ts";
import { VapidSigner } from "./vapid.ts";
import { sendWebhook, type WebhookCall } from "./webhook.ts";

export interface CreateDeliveryDeps extends DeliveryDeps {
  /** Delivers in_app / web_overlay / survey messages (the DO's WebSocket + inbox). */
  browser?: BrowserSink;
  /** Signs webhooks when `settings.webhook.secret` is not set: pass the workspace secret. */
  webhookSecret?: string;
}

/** The parts of a `send` effect delivery needs. */
export interface SendLike {
  key: string;
  channel: Channel;
  kind?: "message" | "survey" | undefined;
  /** Trait holding the address when not the channel's default. */
  to?: string | undefined;
  /** Receipts, OTPs: no `List-Unsubscribe` header. */
  transactional?: boolean | undefined;
  /** The user it goes to, sent as callback metadata; `sendTemplate` takes the contact's. */
  userId?: string | undefined;
  /** The one-click unsubscribe link; `sendTemplate` takes `message.unsubscribe_url` from the vars. */
  unsubscribeUrl?: string | undefined;
}

export interface Delivery {
  /** Problems in the settings; the channels they concern report "no provider configured". */
  readonly problems: readonly SettingsProblem[];
  /** Sends a rendered message to one recipient. */
  deliver(effect: SendLike, rendered: Template, recipient: Recipient, options?: DeliverOptions): Promise<DeliveryOutcome>;
  /** Sends to each recipient (every browser, every app install); `outcome` sums them up. */
  deliverAll(effect: SendLike, rendered: Template, recipients: readonly Recipient[], options?: DeliverOptions): Promise<SendReport>;
  /** The whole `send` row: render `template` with `vars`, address it from `contact`, send. */
  sendTemplate(effect: SendLike, template: unknown, contact: ContactProfile, vars: TemplateVars, options?: DeliverOptions): Promise<SendReport>;
  /** A `webhook` row: renders url, headers and body with `vars`, signs, sends. */
  webhook(effect: { key: string } & WebhookCall, vars: TemplateVars, options?: DeliverOptions): Promise<DeliveryOutcome>;
  /** A `fetch_data` row: renders, fetches JSON (cached GETs, in-line retries). */
  fetchData(effect: { key: string; timeoutMs: number } & WebhookCall, vars: TemplateVars): Promise<FetchDataResult>;
  /** An `audience` row: adds/removes `people` (usually the one user) on the ad platform. */
  audience(effect: { key: string; provider: "facebook" | "google"; audience: string; op: "add" | "remove" }, people: readonly AudienceIdentity[], options?: DeliverOptions): Promise<DeliveryOutcome>;
}

/**
 * @param settings - the workspace's channel settings (validated here; see settings.ts)
 * @example
 * const delivery = createDelivery({ email: { provider: "resend", apiKey: "re_…", from: "Shop <hi@shop.test>" } });
 * const report = await delivery.sendTemplate(effect, template, { userId, traits }, vars, { attempt: row.attempts + 1 });
 */
export function createDelivery(settings: unknown, deps: CreateDeliveryDeps = {}): Delivery {
  const { settings: valid, problems } = readChannelSettings(settings);
  const rt = runtime(deps);
  const tokens = new TokenCache();
  const cache = new FetchDataCache();
  let signer: VapidSigner | undefined;
  const state: AdapterState = {
    settings: valid,
    rt,
    tokens,
    vapid: () => (signer ??= valid.web_push === undefined ? undefined : new VapidSigner(valid.web_push)),
    browser: deps.browser,
  };
  const ctxOf = (key: string, options: DeliverOptions | undefined): SendContext => ({ key, attempt: Math.max(0, (options?.attempt ?? 1) - 1) });
  const sendCtxOf = (effect: SendLike, options: DeliverOptions | undefined): SendContext => ({
    ...ctxOf(effect.key, options),
    ...(effect.userId !== undefined ? { userId: effect.userId } : {}),
    ...(effect.unsubscribeUrl !== undefined && effect.transactional !== true ? { unsubscribeUrl: effect.unsubscribeUrl } : {}),
  });

  const delivery: Delivery = {
    problems,
    async deliver(effect, rendered, recipient, options) {
      const mismatch = templateMismatch(effect, rendered) ?? (recipient.channel === effect.channel ? undefined : `a ${recipient.channel} recipient cannot get a ${effect.channel} send`);
      if (mismatch !== undefined) return { type: "failed", reason: mismatch };
      return sendMessage(state, rendered, recipient, sendCtxOf(effect, options), effect.kind ?? "message");
    },
    async deliverAll(effect, rendered, recipients, options) {
      const results = [];
      for (const recipient of recipients) results.push({ recipient, outcome: await delivery.deliver(effect, rendered, recipient, options) });
      return { outcome: combineOutcomes(effect.channel, results), results };
    },
    async sendTemplate(effect, template, contact, vars, options) {
      const rendered = await renderTemplate(template, vars);
      if (!rendered.ok) return { outcome: { type: "failed", reason: rendered.reason }, results: [] };
      const referenced = { ...effect, userId: effect.userId ?? contact.userId, unsubscribeUrl: effect.unsubscribeUrl ?? unsubscribeUrlOf(vars) };
      return delivery.deliverAll(referenced, rendered.rendered, recipientsFor(effect.channel, contact, effect.to), options);
    },
    async webhook(effect, vars, options) {
      const call = await renderCall(effect, vars);
      if (!call.ok) return { type: "failed", reason: `webhook: ${call.reason}` };
      return sendWebhook(call.value, valid.webhook?.secret ?? deps.webhookSecret, ctxOf(effect.key, options), rt);
    },
    async fetchData(effect, vars) {
      const call = await renderCall(effect, vars);
      if (!call.ok) return { ok: false, error: `fetch_data: ${call.reason}`, outcome: { type: "failed", reason: `fetch_data: ${call.reason}` } };
      return fetchData({ ...call.value, timeoutMs: effect.timeoutMs }, valid.fetch_data ?? {}, cache, rt);
    },
    async audience(effect, people, options) {
      const ctx = ctxOf(effect.key, options);
      const facebook = valid.audiences?.facebook;
      const google = valid.audiences?.google;
      if (effect.provider === "facebook") return facebook === undefined ? { type: "failed", reason: "facebook: no audience settings" } : updateMetaAudience(facebook, effect.audience, effect.op, people, ctx, rt);
      return google === undefined ? { type: "failed", reason: "google: no audience settings" } : updateGoogleAudience(google, effect.audience, effect.op, people, ctx, rt, tokens);
    },
  };
  return delivery;
}

/** `message.unsubscribe_url` when the vars carry a non-empty one (worker/user/delivery/unsubscribe-vars.ts adds it). */
function unsubscribeUrlOf(vars: TemplateVars): string | undefined {
  const message: unknown = Reflect.get(vars, "message");
  const url: unknown = typeof message === "object" && message !== null ? Reflect.get(message, "unsubscribe_url") : undefined;
  return typeof url === "string" && url !== "" ? url : undefined;
}

/** Renders a webhook/fetch_data call's URL, header values and body (the method is not Liquid). */
async function renderCall(effect: WebhookCall, vars: TemplateVars): Promise<RenderJsonResult<WebhookCall>> {
  const url = await renderString(effect.url, vars, "url");
  if (!url.ok) return url;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(effect.headers)) {
    const rendered = await renderString(value, vars, `headers.${name}`);
    if (!rendered.ok) return rendered;
    headers[name] = rendered.value;
  }
  if (effect.body === undefined) return { ok: true, value: { url: url.value, method: effect.method, headers } };
  const body = await renderJson(effect.body, vars, ["body"]);
  if (!body.ok) return body;
  return { ok: true, value: { url: url.value, method: effect.method, headers, body: body.value } };
}
