/**
 * What the default Performer needs from the User Durable Object it runs in: the object's store
 * (push subscriptions, inbox, profile, meta) and its id (the prefix of every delivery key, which
 * routes provider callbacks back here). The browser side is reached through
 * `PerformContext.browser`, which the object binds per row.
 */
import type { UserStore } from "../store/user-store.ts";

export interface PerformerHost {
  store: UserStore;
  /** `ctx.id.toString()`: 64 hex characters, the first part of every idempotency key. */
  objectId: string;
}
