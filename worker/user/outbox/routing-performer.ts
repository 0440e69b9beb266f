/**
 * A performer that routes each row by effect type, for tests and tools that replace one part:
 * `send` and `audience` default to the dev sink, `webhook` to the channels layer without
 * settings (plain-delivery.ts). Production uses worker/user/delivery's `deliveryPerformer`.
 */
import type { OutboxRow } from "../store/outbox-store.ts";
import { devSinkPerformer } from "./dev-sink-performer.ts";
import type { DataResult, PerformContext, PerformOutcome, Performer } from "./performer.ts";
import { plainDelivery } from "./plain-delivery.ts";

export interface PerformerRoutes {
  send?: Performer;
  webhook?: Performer;
  audience?: Performer;
}

/**
 * @param [routes.send=devSinkPerformer]
 * @param [routes.webhook=plainDelivery]
 * @param [routes.audience=devSinkPerformer]
 */
export function routingPerformer(routes: PerformerRoutes = {}): Performer {
  return {
    perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
      switch (row.effect.type) {
        case "send": return (routes.send ?? devSinkPerformer).perform(row, context);
        case "webhook": return (routes.webhook ?? plainDelivery).perform(row, context);
        case "audience": return (routes.audience ?? devSinkPerformer).perform(row, context);
        case "fetch_data": return Promise.resolve({ type: "failed", reason: "fetch_data rows go through fetchData()" });
      }
    },
    fetchData(row, context): Promise<DataResult> {
      return plainDelivery.fetchData?.(row, context) ?? Promise.resolve({ type: "data", requestKey: row.key, ok: false, error: "fetch_data is not supported" });
    },
  };
}
