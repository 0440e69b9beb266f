/**
 * After an e-mail, SMS or WhatsApp message went out: record its provider message id and the
 * address used in the callback index (provider-index.ts), so the provider's webhooks find this
 * user. The address is rewritten only when it changed. A failure here never fails the send.
 */
import type { PerformContext } from "../outbox/performer.ts";
import type { DeliveryEnv } from "./delivery-performer.ts";
import type { PerformerHost } from "./performer-host.ts";
import { indexSentMessage } from "./provider-index.ts";

const INDEXED_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  email: ["email"],
  sms: ["phone"],
  whatsapp: ["whatsapp_phone", "phone"],
};

export interface AfterSend {
  env: Pick<DeliveryEnv, "CATALOG_KV">;
  host: PerformerHost;
  context: PerformContext;
  channel: string;
  /** The trait the node addressed instead of the channel's default. */
  to?: string | undefined;
  providerId?: string | undefined;
}

export async function afterSend(a: AfterSend): Promise<void> {
  const traits = INDEXED_CHANNELS[a.channel];
  if (traits === undefined) return;
  const names = a.to === undefined ? traits : [a.to];
  const address = names.map((n) => a.context.traits[n]).find((v): v is string => typeof v === "string" && v.trim() !== "");
  const metaKey = `indexed_address:${a.channel}`;
  const fresh = address !== undefined && a.host.store.meta.get(metaKey) !== address.trim().toLowerCase() ? address : undefined;
  if (a.providerId === undefined && fresh === undefined) return;
  try {
    await indexSentMessage(a.env.CATALOG_KV, a.context.workspace, a.host.objectId, a.providerId, fresh);
    if (fresh !== undefined) a.host.store.transaction(() => a.host.store.meta.set(metaKey, fresh.trim().toLowerCase()));
  } catch (error) {
    console.error(`[nudge] callback index not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}
