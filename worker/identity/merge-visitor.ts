/**
 * Merging an anonymous visitor into a known user (a call carrying both ids, or alias
 * previousId → userId). Three steps across the two users' Durable Objects, each idempotent, so a
 * merge interrupted anywhere is completed by the next call that carries both ids:
 *   1. visitor.exportForMerge(target) — freezes the visitor's object (later calls are forwarded
 *      to the known user) and returns its profile, events, runs, timers, outbox, log, …;
 *   2. known.absorb(snapshot) — one transaction; a second absorb of the same snapshot is a no-op;
 *   3. visitor.finishMerge() — leaves the segment counts and erases all but the forwarding mark;
 * then the link anonymousId → userId is recorded in D1 (and the registry and the archive
 * fan-out's user list are updated). A visitor already merged into someone else stays theirs.
 */
import { recordJourneyUsers } from "../catalog/stats-store.ts";
import { withSchema } from "../catalog/d1-schema.ts";
import { TtlCache } from "../catalog/ttl-cache.ts";
import { unregister } from "../audience/registry.ts";
import { withAudienceSchema } from "../audience/d1-schema.ts";
import { userObjectName } from "../workspace/user-object-name.ts";
import { linkVisitor } from "./links.ts";

export type MergeOutcome =
  /** Merged now (or an interrupted merge completed). */
  | { type: "merged"; moved: number; ended: number; events: number }
  /** Nothing to move (the visitor was never seen, or was merged into this user before). */
  | { type: "nothing" }
  /** The visitor had already become another user: left alone. */
  | { type: "other_user"; into: string };

/** Pairs known merged in this isolate, so the many calls after an identify cost nothing. */
const merged = new TtlCache<true>({ ttlMs: Number.POSITIVE_INFINITY, max: 10_000 });

/** Makes sure `anonymousId`'s visitor is merged into `userId` (usually a cache hit). */
export async function ensureMerged(env: Pick<Env, "USERS" | "CATALOG_DB">, workspace: string, anonymousId: string, userId: string): Promise<MergeOutcome | null> {
  const key = `${workspace}\n${anonymousId}\n${userId}`;
  let outcome: MergeOutcome | null = null;
  await merged.get(key, async () => {
    outcome = await mergeVisitor(env, workspace, anonymousId, userId);
    return true;
  });
  return outcome;
}

/** Runs the three steps (see the module comment). */
export async function mergeVisitor(env: Pick<Env, "USERS" | "CATALOG_DB">, workspace: string, anonymousId: string, userId: string): Promise<MergeOutcome> {
  const source = userObjectName(workspace, { anonymousId });
  const name = userObjectName(workspace, { userId });
  if (source === null || name === null) return { type: "nothing" };
  const visitor = env.USERS.getByName(source);
  const exported = await visitor.exportForMerge({ workspace, userId, name });
  if (exported.type === "merged") return { type: "other_user", into: exported.into };
  let outcome: MergeOutcome = { type: "nothing" };
  if (exported.type === "snapshot") {
    const absorbed = await env.USERS.getByName(name).absorb(exported.snapshot);
    if (absorbed.type === "absorbed") {
      outcome = { type: "merged", moved: absorbed.moved, ended: absorbed.ended, events: absorbed.events };
      const db = env.CATALOG_DB;
      const journeys = absorbed.journeys;
      if (journeys.length > 0) await withSchema(db, () => recordJourneyUsers(db, workspace, journeys, name, Date.now()));
    }
    await visitor.finishMerge();
  }
  const db = env.CATALOG_DB;
  await linkVisitor(db, workspace, anonymousId, userId, Date.now());
  await withAudienceSchema(db, () => unregister(db, workspace, source));
  return outcome;
}
