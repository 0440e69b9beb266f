/**
 * The context a Performer gets for one outbox row: who the user is now, the attempt, the stable
 * idempotency key `<object id>.<first seen, base 36>.<outbox key>` (the same for every retry, and
 * after a crash; a row that carries its own — moved by an identity merge — is sent with that one),
 * and what a send may consult (catalog, fetch, frequency caps, open browsers).
 */
import type { DeliveryOutcome } from "../../delivery/outcome.ts";
import type { MessageFrame } from "../../channels/message-frame.ts";
import { userObjectDeps } from "../config.ts";
import { deliveryKey } from "../delivery/delivery-key.ts";
import { engineUserId } from "../runtime/turn.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { PerformContext } from "./performer.ts";

export interface PerformContextSource {
  store: UserStore;
  env: Env;
  objectId: string;
  /** Hands an in-app / overlay frame to the user's open browsers. */
  browser(frame: MessageFrame, now: number): DeliveryOutcome;
}

/** The context for `row` at `now`; null when the object has no profile (nothing to perform for). */
export function performContext(source: PerformContextSource, row: OutboxRow, now: number): PerformContext | null {
  const profile = source.store.profile.get();
  if (profile === null) return null;
  const deps = userObjectDeps();
  return {
    workspace: profile.workspace,
    userId: engineUserId(profile),
    traits: profile.traits,
    timeZone: profile.timeZone ?? "UTC",
    now,
    attempt: row.attempts + 1,
    idempotencyKey: row.deliveryKey ?? deliveryKey(source.objectId, profile.firstSeen, row.key),
    catalog: deps.catalog(source.env),
    fetch: deps.fetch,
    sentAt: (channel, since) => source.store.messages.sentAt(channel, since),
    browser: (frame) => source.browser(frame, now),
  };
}
