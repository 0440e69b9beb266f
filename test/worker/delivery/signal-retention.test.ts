/**
 * Engagement signal ids already applied (`signals_seen`) are kept 30 days (SIGNAL_RETENTION_MS):
 * a retried report within that time is a duplicate; older ids are pruned as new signals arrive,
 * so the table does not grow for ever.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { clientSignal } from "../../../worker/delivery/engagement/client-signal.ts";
import type { EngagementSignal } from "../../../worker/delivery/engagement/signal.ts";
import { SIGNAL_RETENTION_MS } from "../../../worker/user/store/signal-store.ts";
import { DAY, WORKSPACE, event, newUser, resetUserObjectDeps, userObject, world } from "./helpers.ts";

afterAll(() => resetUserObjectDeps());

/** A browser's "shown" report on message `key` (its signal id is `<key>:shown`). */
function shown(key: string, at: number): EngagementSignal {
  const made = clientSignal({ channel: "in_app", type: "shown", messageKey: key, at });
  if (!made.ok) throw new Error(made.message);
  return made.signal;
}

async function seenIds(userId: string): Promise<string[]> {
  return runInDurableObject(userObject(userId), (_o, state) => state.storage.sql.exec<{ id: string }>("SELECT id FROM signals_seen ORDER BY at, id").toArray().map((r) => r.id));
}

describe("signals_seen retention", () => {
  it("keeps ids 30 days (a retried report is a duplicate), then prunes them when a new signal arrives", async () => {
    expect(SIGNAL_RETENTION_MS).toBe(30 * DAY);
    const w = world("2026-10-01T09:00:00Z");
    const user = newUser("seen");
    await event("/identify", { userId: user, traits: {} });
    const stub = userObject(user);
    const record = (key: string) => stub.recordEngagement(WORKSPACE, [shown(key, w.clock.now())]);

    expect(await record("m-old")).toEqual({ applied: 1, duplicates: 0, unknown: false });
    w.clock.advance(10 * DAY);
    expect(await record("m-old")).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await record("m-recent")).toMatchObject({ applied: 1 });

    w.clock.advance(21 * DAY); // m-old is 31 days old, m-recent 21
    expect(await record("m-new")).toMatchObject({ applied: 1 });
    expect(await seenIds(user)).toEqual(["m-recent:shown", "m-new:shown"]);
    expect(await record("m-recent")).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await record("m-new")).toMatchObject({ applied: 0, duplicates: 1 });
  });
});
