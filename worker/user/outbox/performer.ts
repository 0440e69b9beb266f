/**
 * The plug for delivery: the outbox hands each due row (send, webhook, audience) to a Performer
 * and records the DeliveryOutcome it returns. The default is worker/user/delivery's
 * `deliveryPerformer` (delivery policy, then the channel adapters). `fetch_data` rows go to
 * `fetchData` (their result goes back to the run).
 */
import type { CatalogReader } from "../../catalog/types.ts";
import type { MessageFrame } from "../../channels/message-frame.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { Attributes, Input, Millis } from "../../journey/types.ts";
import type { OutboxRow } from "../store/outbox-store.ts";

export interface PerformContext {
  workspace: string;
  /** The known user id, else the anonymous id. */
  userId: string;
  traits: Readonly<Attributes>;
  timeZone: string;
  now: Millis;
  /** 1 on the first try. */
  attempt: number;
  /** Globally unique and stable across retries: give it to the provider as its idempotency key. */
  idempotencyKey: string;
  catalog: CatalogReader;
  /** The `fetch` to use (tests inject one). */
  fetch: typeof fetch;
  /**
   * When non-transactional messages were sent to this user on `channel` at or after `since`,
   * from the message log: the `sentAt` a frequency-cap decision needs.
   */
  sentAt(channel: string, since: Millis): Millis[];
  /**
   * Delivers an in-app / web overlay / survey frame to the user's browser: stores it in the inbox
   * (`pending_messages`) and pushes it on open WebSockets (worker/user/realtime/browser-delivery.ts).
   * Bound by the User Durable Object; absent elsewhere.
   */
  browser?: (frame: MessageFrame) => DeliveryOutcome;
}

/**
 * What performing a row came to: a DeliveryOutcome, or `deferred` — not attempted, try again at
 * `until` (quiet hours with "delay", a cap freeing up). Deferring does not count as an attempt.
 */
export type PerformOutcome = DeliveryOutcome | { type: "deferred"; until: Millis; reason: string };

/** A fetch_data result for the run that asked. */
export type DataResult = Extract<Input, { type: "data" }>;

export interface Performer {
  /**
   * Performs one send, webhook or audience row. Return "retry" for transient failures; throwing
   * counts as a retry with the error's message as the reason.
   */
  perform(row: OutboxRow, context: PerformContext): Promise<PerformOutcome>;
  /**
   * Performs a fetch_data row (e.g. rendering its URL first). Optional: without it the outbox
   * fetches the URL as given (fetch-data.ts). Must not throw.
   */
  fetchData?(row: OutboxRow & { effect: { type: "fetch_data" } }, context: PerformContext): Promise<DataResult>;
}
