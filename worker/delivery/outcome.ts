/**
 * The result of performing one outbox effect (a send, webhook, fetch, audience update).
 * Shared contract between the outbox (which retries) and the channel adapters (which classify
 * provider answers).
 */
export type DeliveryOutcome =
  /** The provider accepted it. */
  | { type: "sent"; providerId?: string; detail?: string }
  /** A transient failure (429, 5xx, timeout): try again no sooner than `afterMs` from now. */
  | { type: "retry"; afterMs: number; reason: string }
  /** A permanent failure (bad request, bad credentials, template error): never retried. */
  | { type: "failed"; reason: string }
  /** The address or subscription is dead (bounced, 404/410 push endpoint): mark the channel unreachable. */
  | { type: "unreachable"; reason: string }
  /** Not sent on purpose (frequency cap, quiet hours with drop, unreachable at send time). */
  | { type: "suppressed"; reason: string };
