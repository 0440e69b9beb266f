export { createDelivery, type CreateDeliveryDeps, type Delivery, type SendLike } from "./registry.ts";
export { reachability, recipientFor, recipientsFor, type ContactProfile, type Reachability } from "./contact.ts";
export { readChannelSettings, type SettingsProblem } from "./channel-settings.ts";
export { ChannelSettings } from "./settings.ts";
export type { SendReport } from "./send-report.ts";
export type { BrowserMessage, BrowserSink } from "./send-message.ts";
export type { FetchDataResult } from "./fetch-data.ts";
export type { AudienceIdentity } from "./audience-hash.ts";
export type { DeliverOptions, DeliveryDeps, Recipient, WebPushSubscription } from "./types.ts";
