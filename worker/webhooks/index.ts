export { decodeMessageRef, encodeMessageRef, REF_FIELDS, resendTags, twilioStatusCallback, type MessageRef } from "./message-ref.ts";
export { parsePostmark, verifyPostmark, type PostmarkWebhookSecrets } from "./postmark.ts";
export { isWebhookProvider, receiveWebhook, WEBHOOK_PROVIDERS, type WebhookProvider, type WebhookReceipt } from "./receive-webhook.ts";
export { parseResend, verifyResend, type ResendWebhookSecrets } from "./resend.ts";
export { WebhookSecrets } from "./secrets.ts";
export { parseSendgrid, verifySendgrid, type SendgridWebhookSecrets } from "./sendgrid.ts";
export { svixSignature, verifySvix } from "./svix.ts";
export { parseTwilio, twilioSignature, verifyTwilio, type TwilioWebhookSecrets } from "./twilio.ts";
export type { HeadersLike, ParseContext, ParseResult, VerifyResult, WebhookRequest } from "./types.ts";
export {
  createUnsubscribeToken, listUnsubscribeHeaders, unsubscribeSignal, unsubscribeTokenWorkspace, unsubscribeUrl, verifyUnsubscribeToken,
  type UnsubscribeChannel, type UnsubscribeClaims, type UnsubscribeVerification,
} from "./unsubscribe-token.ts";
export { parseWhatsapp, verifyWhatsapp, whatsappHandshake, type HandshakeResult, type WhatsappWebhookSecrets } from "./whatsapp.ts";
