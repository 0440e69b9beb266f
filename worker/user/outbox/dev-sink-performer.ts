/**
 * The development sink: "delivers" sends and audience updates by logging one line, and reports
 * them sent by provider "dev-sink". In development, channels without provider settings use it
 * (worker/user/delivery/delivery-performer.ts).
 */
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { PerformContext, Performer } from "./performer.ts";

export const DEV_SINK_PROVIDER = "dev-sink";

export const devSinkPerformer: Performer = {
  async perform(row: OutboxRow, context: PerformContext): Promise<DeliveryOutcome> {
    const e = row.effect;
    if (e.type === "send") {
      console.log(`[nudge] send ${e.channel} ${e.template} → ${context.userId} (${e.journeyId}/${e.node})`);
    } else if (e.type === "audience") {
      console.log(`[nudge] audience ${e.provider} ${e.op} ${e.audience} → ${context.userId} (${e.node})`);
    } else {
      return { type: "failed", reason: `the dev sink does not perform ${e.type}` };
    }
    return { type: "sent", providerId: `${DEV_SINK_PROVIDER}:${context.idempotencyKey}`, detail: DEV_SINK_PROVIDER };
  },
};
