/**
 * SMS through Twilio Programmable Messaging: POST
 * {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic (Account SID : Auth Token),
 * form-encoded To / From (or MessagingServiceSid) / Body. Twilio has no idempotency key for
 * Messages; the outbox's exactly-once bookkeeping is what prevents a double send. With a
 * `statusCallback` setting, each message's `StatusCallback` is that URL with `nudge_user` and
 * `nudge_key` in its query (`twilioStatusCallback`), so the status callbacks carry them back.
 * Docs: https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 */
import type { DeliveryOutcome } from "../delivery/outcome.ts";
import type { TemplateOf } from "../templates/schema.ts";
import { base64, utf8 } from "./bytes.ts";
import { pick, type ClassifyRules } from "./classify.ts";
import { send } from "./http.ts";
import { twilioStatusCallback } from "../webhooks/message-ref.ts";
import { trimBase, type TwilioSettings } from "./settings.ts";
import type { HttpRequest, RecipientOf, Runtime, SendContext } from "./types.ts";

const DEFAULT_BASE = "https://api.twilio.com";
/** Error codes meaning this number cannot get SMS: unsubscribed (STOP), invalid, not mobile. */
const DEAD_NUMBER_CODES = new Set(["21610", "21211", "21614"]);

/** The Twilio request for one rendered SMS. Pure. */
export function twilioRequest(settings: TwilioSettings, message: TemplateOf<"sms">, to: RecipientOf<"sms">, ctx: SendContext): HttpRequest {
  const form = new URLSearchParams();
  form.set("To", to.phone);
  if (settings.messagingServiceSid !== undefined) form.set("MessagingServiceSid", settings.messagingServiceSid);
  else if (settings.from !== undefined) form.set("From", settings.from);
  form.set("Body", message.body);
  if (settings.statusCallback !== undefined) {
    form.set("StatusCallback", twilioStatusCallback(settings.statusCallback, { userId: ctx.userId, messageKey: ctx.key }));
  }
  return {
    url: `${trimBase(settings.baseUrl ?? DEFAULT_BASE)}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`,
    method: "POST",
    headers: {
      authorization: `Basic ${base64(utf8(`${settings.accountSid}:${settings.authToken}`))}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: form.toString(),
  };
}

export const twilioRules: ClassifyRules = {
  provider: "twilio",
  providerId: (a) => pick(a.json, "sid"),
  errorMessage: (a) => {
    const message = pick(a.json, "message");
    const code = pick(a.json, "code");
    return message === undefined ? undefined : code === undefined ? message : `${message} (code ${code})`;
  },
  special: (a) => {
    const code = pick(a.json, "code");
    if (a.status !== 400 || code === undefined || !DEAD_NUMBER_CODES.has(code)) return undefined;
    return { type: "unreachable", reason: `twilio 400: ${pick(a.json, "message") ?? "number cannot receive SMS"} (code ${code})` };
  },
};

/** Sends one SMS through Twilio and classifies the answer. Never throws. */
export function sendTwilio(settings: TwilioSettings, message: TemplateOf<"sms">, to: RecipientOf<"sms">, ctx: SendContext, rt: Runtime): Promise<DeliveryOutcome> {
  return send(twilioRequest(settings, message, to, ctx), twilioRules, rt, ctx);
}
