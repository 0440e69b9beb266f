/**
 * Picks the adapter for one rendered message and one recipient, by channel and by the provider
 * the workspace configured. Used by the registry; knows nothing about templates or profiles.
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { Template, TemplateOf } from "../templates/schema.ts";
import { sendFcm } from "./fcm.ts";
import { sendPostmark } from "./postmark.ts";
import { sendResend } from "./resend.ts";
import { sendSendgrid } from "./sendgrid.ts";
import type { ChannelSettings } from "./settings.ts";
import type { TokenCache } from "./token-cache.ts";
import { sendTwilio } from "./twilio.ts";
import type { Recipient, RecipientOf, Runtime, SendContext } from "./types.ts";
import type { VapidSigner } from "./vapid.ts";
import { sendWebPush } from "./web-push.ts";
import { sendWhatsapp } from "./whatsapp.ts";

/** A message for the browser SDK (in-app, web overlay, survey), handed to the User DO's realtime/inbox. */
export interface BrowserMessage {
  key: string;
  userId: string;
  channel: "in_app" | "web_overlay";
  kind: "message" | "survey";
  content: TemplateOf<"in_app" | "web_overlay" | "survey">;
}

export type BrowserSink = (message: BrowserMessage) => Promise<DeliveryOutcome>;

/** What the adapters share inside one `createDelivery` instance. */
export interface AdapterState {
  settings: ChannelSettings;
  rt: Runtime;
  tokens: TokenCache;
  vapid: () => VapidSigner | undefined;
  browser: BrowserSink | undefined;
}

const notConfigured = (channel: string): DeliveryOutcome => ({ type: "failed", reason: `${channel}: no provider configured in channel settings` });

/** Sends `message` (already rendered, already checked to fit) to `to`. Never throws. */
export async function sendMessage(state: AdapterState, message: Template, to: Recipient, ctx: SendContext, kind: "message" | "survey"): Promise<DeliveryOutcome> {
  const { settings, rt } = state;
  if (to.channel === "email" && message.channel === "email") return sendEmail(state, message, to, ctx);
  if (to.channel === "sms" && message.channel === "sms") return settings.sms === undefined ? notConfigured("sms") : sendTwilio(settings.sms, message, to, ctx, rt);
  if (to.channel === "whatsapp" && message.channel === "whatsapp") return settings.whatsapp === undefined ? notConfigured("whatsapp") : sendWhatsapp(settings.whatsapp, message, to, ctx, rt);
  if (to.channel === "mobile_push" && message.channel === "mobile_push") return settings.mobile_push === undefined ? notConfigured("mobile_push") : sendFcm(settings.mobile_push, message, to, ctx, rt, state.tokens);
  if (to.channel === "web_push" && message.channel === "web_push") {
    const signer = state.vapid();
    return settings.web_push === undefined || signer === undefined ? notConfigured("web_push") : sendWebPush(settings.web_push, message, to, ctx, rt, signer);
  }
  if ((to.channel === "in_app" || to.channel === "web_overlay") && (message.channel === "in_app" || message.channel === "web_overlay" || message.channel === "survey")) {
    if (state.browser === undefined) return { type: "failed", reason: `${to.channel}: no browser sink (the User DO delivers in-app messages)` };
    return state.browser({ key: ctx.key, userId: to.userId, channel: to.channel, kind, content: message });
  }
  return { type: "failed", reason: `a ${message.channel} message cannot go to a ${to.channel} recipient` };
}

function sendEmail(state: AdapterState, message: TemplateOf<"email">, to: RecipientOf<"email">, ctx: SendContext): Promise<DeliveryOutcome> {
  const email = state.settings.email;
  switch (email?.provider) {
    case undefined: return Promise.resolve(notConfigured("email"));
    case "resend": return sendResend(email, message, to, ctx, state.rt);
    case "sendgrid": return sendSendgrid(email, message, to, ctx, state.rt);
    case "postmark": return sendPostmark(email, message, to, ctx, state.rt);
  }
}

/** Why a template of `message.channel` cannot be sent as this effect, else undefined. Pure. */
export function templateMismatch(effect: { channel: string; kind?: "message" | "survey" | undefined }, message: Template): string | undefined {
  const browser = effect.channel === "in_app" || effect.channel === "web_overlay";
  if (effect.kind === "survey") return browser && message.channel === "survey" ? undefined : `a survey needs a survey template on in_app or web_overlay, not a ${message.channel} template on ${effect.channel}`;
  if (message.channel === effect.channel) return undefined;
  if (browser && (message.channel === "in_app" || message.channel === "web_overlay")) return undefined;
  return `template channel ${message.channel} cannot be sent on ${effect.channel}`;
}
