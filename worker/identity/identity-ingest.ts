/**
 * The event routes' way into users' objects (in place of `userObjects(env).ingest`): before a
 * group of calls reaches a known user's object, every anonymous visitor those calls name is
 * merged into it (merge-visitor.ts), and geofence events naming an unknown fence are rejected.
 * A merge that fails fails the group (the sender retries; the objects de-duplicate by messageId).
 *
 * @example dispatchItems(workspace, items, identityIngest(c.env))
 */
import { createCatalogReader } from "../catalog/reader.ts";
import { checkGeofences, hasGeofenceEvents } from "../audience/geofence-check.ts";
import type { IngestCall } from "../http/ingest/dispatch.ts";
import type { IngestResult } from "../user/types.ts";
import { userObjects } from "../workspace/user-objects.ts";
import { ensureMerged } from "./merge-visitor.ts";

export function identityIngest(env: Env): IngestCall {
  const users = userObjects(env);
  return async function ingestWithIdentity(name, ref, items) {
    const verdicts = hasGeofenceEvents(items) ? checkGeofences(items, (await createCatalogReader(env).live(ref.workspace)).geofences) : items.map(() => null);
    const userId = ref.userId;
    if (userId !== undefined) {
      const visitors = new Set(items.flatMap((item) => (item.anonymousId === undefined || item.anonymousId === "" ? [] : [item.anonymousId])));
      for (const anonymousId of visitors) await ensureMerged(env, ref.workspace, anonymousId, userId);
    }
    const accepted = items.filter((_, i) => verdicts[i] === null);
    const answers = accepted.length > 0 ? await users.ingest(name, ref, accepted) : [];
    let next = 0;
    return items.map((item, i): IngestResult => verdicts[i] ?? answers[next++] ?? { status: "rejected", messageId: item.messageId, reason: "the user's object returned no result for this item" });
  };
}
