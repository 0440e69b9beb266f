/**
 * The plug for delivery: the outbox hands each due row (send, webhook, audience) to a Performer
 * and records the DeliveryOutcome it returns. Channel adapters plug in here; until they land the
 * dev sink performs sends and audience updates. `fetch_data` is not performed here (its result
 * goes back to the run: see fetch-data.ts).
 */
import type { CatalogReader } from "../../catalog/types.ts";
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { Attributes, Millis } from "../../journey/types.ts";
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
}

export interface Performer {
  /**
   * Performs one outbox row. Return "retry" for transient failures; throwing counts as a retry
   * with the error's message as the reason.
   */
  perform(row: OutboxRow, context: PerformContext): Promise<DeliveryOutcome>;
}
