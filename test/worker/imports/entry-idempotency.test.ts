/**
 * A CSV row enters its user into the journey exactly once: the User DO ignores a manual entry
 * whose `importKey` already entered a run of the journey, so the consumer can always ask for the
 * entry — a chunk redelivered after the Worker died mid-way enters the rows it had not entered
 * yet, and never the others twice. Another `importKey` is a new entry, as the re-entry rule allows.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { applyRow } from "../../../worker/imports/apply/apply-row.ts";
import { userObjects, type UserObjects } from "../../../worker/workspace/user-objects.ts";
import { installFakes, publish, resetUserObjectDeps, sendOn, unique, userObject } from "../audience/helpers.ts";
import { RecordingQueue, WORKSPACE, deliver, get, publishManualJourney, traitsOf, upload, usersCsv } from "./helpers.ts";

afterAll(() => resetUserObjectDeps());

/** How many runs and events (identify calls included) the user's object holds. */
async function counts(userId: string): Promise<{ runs: number; events: number }> {
  return runInDurableObject(env.USERS.getByName(`${WORKSPACE}:${userId}`), (_o, state) => ({
    runs: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM runs").one().n,
    events: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n,
  }));
}

/** The real user objects, but the journey entry throws (the Worker died before making it). */
function diesBeforeEntry(): Pick<UserObjects, "ingest" | "enter"> {
  const real = userObjects(env);
  return {
    ingest: (name, ref, items) => real.ingest(name, ref, items),
    enter: async () => {
      throw new Error("the Worker died");
    },
  };
}

describe("a chunk redelivered after the Worker died while applying it (nothing recorded yet)", () => {
  it.each([
    ["after the profile updates, before the entries", "before"],
    ["after the entries, before recording them", "after"],
  ])("%s: every user is entered exactly once", async (_, when) => {
    const journey = `imp-crash-${when}`;
    await publishManualJourney(journey);
    const queue = new RecordingQueue();
    const res = await upload(usersCsv(`cr${when}-`, 3), { journey }, queue);
    const [message] = queue.take();
    if (message === undefined) throw new Error("nothing queued");

    // The first delivery's work, up to the crash: the consumer applied rows but recorded nothing.
    const users = when === "before" ? diesBeforeEntry() : userObjects(env);
    for (const row of message.rows) await applyRow(users, message, row);

    const redelivered = await deliver([message]);
    expect(redelivered.explicitAcks).toHaveLength(1);
    for (const i of [1, 2, 3]) {
      const id = `cr${when}-${i}`;
      expect(await traitsOf(id), id).toMatchObject({ entries: 1 });
      expect(await counts(id), id).toEqual({ runs: 1, events: 1 });
    }
    const status = (await get(`/${res.body.id}`)).body;
    expect(status.rows).toMatchObject({ applied: 3, duplicates: 3, failed: 0, notEntered: 0, pending: 0, entered: when === "before" ? 3 : 0 });
    expect(status.errors).toEqual([]);
  });
});

describe("the User DO's manual entry with an importKey", () => {
  it("the same key enters once (one run, one message); another key enters again under re-entry 'always'", async () => {
    const { performer } = installFakes();
    await publish(sendOn("imp-dedupe-send", { type: "manual" }, "imp-dedupe-mail"), ["imp-dedupe-mail"]);
    const userId = unique("dd");
    const stub = userObject(userId);
    const ref = { workspace: WORKSPACE, userId };

    const first = await stub.enterJourney(ref, "imp-dedupe-send", { source: "csv_import", importKey: "imp_a" });
    const again = await stub.enterJourney(ref, "imp-dedupe-send", { source: "csv_import", importKey: "imp_a" });
    expect(first).toEqual({ entered: true, runId: expect.any(String) });
    expect(again).toEqual({ entered: true, runId: first.entered ? first.runId : "", duplicate: true });
    await stub.flush();
    expect(performer.calls.filter((c) => c.type === "send")).toHaveLength(1);
    expect(await stub.getMessages()).toHaveLength(1);
    expect((await stub.getTrace()).some((t) => t.kind === "entry" && t.reason.includes("not entered again, import row imp_a"))).toBe(true);

    const other = await stub.enterJourney(ref, "imp-dedupe-send", { source: "csv_import", importKey: "imp_b" });
    expect(other).toMatchObject({ entered: true });
    expect(other).not.toHaveProperty("duplicate");
    await stub.flush();
    expect(await stub.getMessages()).toHaveLength(2);
    expect((await counts(userId)).runs).toBe(2);
  });

  it("another key is refused by re-entry 'never'; the same key is still a duplicate, not a refusal", async () => {
    installFakes();
    const once = { ...sendOn("imp-dedupe-once", { type: "manual" }, "imp-once-mail"), entry: { reentry: "never" } };
    await publish(once, ["imp-once-mail"]);
    const userId = unique("dn");
    const stub = userObject(userId);
    const ref = { workspace: WORKSPACE, userId };
    expect(await stub.enterJourney(ref, "imp-dedupe-once", { importKey: "imp_x" })).toMatchObject({ entered: true });
    expect(await stub.enterJourney(ref, "imp-dedupe-once", { importKey: "imp_x" })).toMatchObject({ entered: true, duplicate: true });
    expect(await stub.enterJourney(ref, "imp-dedupe-once", { importKey: "imp_y" })).toMatchObject({ entered: false, reason: expect.stringContaining("not entered") });
    expect(await stub.enterJourney(ref, "imp-dedupe-once", {})).toMatchObject({ entered: false });
    await stub.flush();
    expect(await stub.getMessages()).toHaveLength(1);
  });
});
