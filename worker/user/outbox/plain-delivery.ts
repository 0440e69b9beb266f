/**
 * The channels layer without workspace settings: webhooks (unsigned) and fetch_data rendered with
 * Liquid and performed through `context.fetch`. What the outbox uses for a Performer that does not
 * handle these rows itself (tests that replace only the send performer).
 */
import { channelPerformer } from "../../channels/channel-performer.ts";
import { createDelivery } from "../../channels/registry.ts";
import type { Performer } from "./performer.ts";

export const plainDelivery: Performer = channelPerformer({
  delivery: (context) => createDelivery({}, { fetch: (url, init) => context.fetch(url, init), now: () => context.now }),
});
