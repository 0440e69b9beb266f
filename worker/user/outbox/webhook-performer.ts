/** Performs `webhook` rows: the request, with the idempotency key in `Idempotency-Key`. */
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import { httpRequest } from "./http-request.ts";
import type { PerformContext, Performer } from "./performer.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;

export const webhookPerformer: Performer = {
  async perform(row: OutboxRow, context: PerformContext): Promise<DeliveryOutcome> {
    const e = row.effect;
    if (e.type !== "webhook") return { type: "failed", reason: `the webhook performer does not perform ${e.type}` };
    const headers = { "idempotency-key": context.idempotencyKey, ...e.headers };
    const result = await httpRequest({ url: e.url, method: e.method, headers, body: e.body, timeoutMs: WEBHOOK_TIMEOUT_MS }, context.fetch);
    switch (result.type) {
      case "ok": return { type: "sent", detail: `HTTP ${result.status}` };
      case "transient": return { type: "retry", afterMs: result.retryAfterMs ?? 0, reason: result.reason };
      case "permanent": return { type: "failed", reason: result.reason };
    }
  },
};
