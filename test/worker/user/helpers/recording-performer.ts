/**
 * A Performer for tests: records every call (with its idempotency key) and answers from a script
 * of outcomes (or throws), then "sent" once the script runs out.
 */
import type { DeliveryOutcome } from "../../../../worker/delivery/outcome.ts";
import type { PerformContext, Performer } from "../../../../worker/user/outbox/performer.ts";
import type { OutboxRow } from "../../../../worker/user/store/outbox-store.ts";

export type Scripted = DeliveryOutcome | { type: "throw"; message: string };

export interface PerformCall {
  type: string;
  key: string;
  idempotencyKey: string;
  attempt: number;
  at: number;
  template?: string;
}

export class RecordingPerformer implements Performer {
  readonly calls: PerformCall[] = [];
  #script: Scripted[];

  constructor(script: Scripted[] = []) {
    this.#script = [...script];
  }

  async perform(row: OutboxRow, context: PerformContext): Promise<DeliveryOutcome> {
    const e = row.effect;
    this.calls.push({
      type: e.type,
      key: row.key,
      idempotencyKey: context.idempotencyKey,
      attempt: context.attempt,
      at: context.now,
      ...(e.type === "send" ? { template: e.template } : {}),
    });
    const next = this.#script.shift() ?? { type: "sent", detail: "test" };
    if (next.type === "throw") throw new Error(next.message);
    return next;
  }
}
