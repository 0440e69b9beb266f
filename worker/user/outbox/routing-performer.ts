/**
 * The default performer: routes each row by effect type. Channel adapters replace `send` (and
 * `audience`) by passing their own performers.
 */
import type { OutboxRow } from "../store/outbox-store.ts";
import { devSinkPerformer } from "./dev-sink-performer.ts";
import type { PerformContext, PerformOutcome, Performer } from "./performer.ts";
import { webhookPerformer } from "./webhook-performer.ts";

export interface PerformerRoutes {
  send?: Performer;
  webhook?: Performer;
  audience?: Performer;
}

/**
 * @param [routes.send=devSinkPerformer]
 * @param [routes.webhook=webhookPerformer]
 * @param [routes.audience=devSinkPerformer]
 */
export function routingPerformer(routes: PerformerRoutes = {}): Performer {
  return {
    perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
      switch (row.effect.type) {
        case "send": return (routes.send ?? devSinkPerformer).perform(row, context);
        case "webhook": return (routes.webhook ?? webhookPerformer).perform(row, context);
        case "audience": return (routes.audience ?? devSinkPerformer).perform(row, context);
        case "fetch_data": return Promise.resolve({ type: "failed", reason: "fetch_data is performed by fetch-data.ts" });
      }
    },
  };
}
