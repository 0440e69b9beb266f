/**
 * A Performer for tests: records every call (with its idempotency key) and answers from a script
 * of outcomes (or throws), then "sent" once the script runs out.
 */
import type { PerformContext, PerformOutcome, Performer } from "../../../../worker/user/outbox/performer.ts";
import type { OutboxRow } from "../../../../worker/user/store/outbox-store.ts";

export type Scripted = PerformOutcome | { type: "throw"; message: string };

export interface PerformCall {
  type: string;
  key: string;
  idempotencyKey: string;
  attempt: number;
  at: number;
  template?: string;
  /** context.sentAt(channel, 0) at the time of the call, for sends. */
  sentBefore?: number[];
}

export class RecordingPerformer implements Performer {
  readonly calls: PerformCall[] = [];
  #script: Scripted[];

  constructor(script: Scripted[] = []) {
    this.#script = [...script];
  }

  async perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
    const e = row.effect;
    this.calls.push({
      type: e.type,
      key: row.key,
      idempotencyKey: context.idempotencyKey,
      attempt: context.attempt,
      at: context.now,
      ...(e.type === "send" ? { template: e.template, sentBefore: context.sentAt(e.channel, 0) } : {}),
    });
    const next = this.#script.shift() ?? { type: "sent", detail: "test" };
    if (next.type === "throw") throw new Error(next.message);
    return next;
  }
}
