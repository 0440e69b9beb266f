/**
 * The IMPORTS queue consumer against real user objects: profiles created or updated, users
 * entered into the journey, failures recorded by line, transient errors retried per row, and
 * re-runs that neither duplicate events nor enter anyone twice.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { userObjects, type UserObjects } from "../../../worker/workspace/user-objects.ts";
import { RecordingQueue, WORKSPACE, adminCall, deliver, drain, get, publishManualJourney, retryQueue, traitsOf, upload, usersCsv } from "./helpers.ts";

/** How many events (identify calls included) the user's object has stored. */
async function eventCount(userId: string): Promise<number> {
  const stub = env.USERS.getByName(`${WORKSPACE}:${userId}`);
  return runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n);
}

/** Uploads `csv` and applies everything it queued; returns the import's status afterwards. */
async function importAndApply(csv: string, query: Record<string, string> = {}, users?: Pick<UserObjects, "ingest" | "enter">) {
  const queue = new RecordingQueue();
  const res = await upload(csv, query, queue);
  expect(res.status).toBe(202);
  await drain(queue.take(), users);
  return (await get(`/${res.body.id}`)).body;
}

describe("applying rows", () => {
  it("creates profiles with the row's traits and enters each user into the journey", async () => {
    await publishManualJourney("imp-apply-1");
    const status = await importAndApply(usersCsv("ap-", 3), { journey: "imp-apply-1" });
    expect(status.status).toBe("done");
    expect(status.rows).toMatchObject({ valid: 3, queued: 3, applied: 3, failed: 0, pending: 0, entered: 3, notEntered: 0, duplicates: 0 });
    for (const id of ["ap-1", "ap-2", "ap-3"]) {
      expect(await traitsOf(id)).toEqual({ email: `${id}@example.com`, plan: "pro", entries: 1 });
    }
    const trace = await env.USERS.getByName(`${WORKSPACE}:ap-2`).getTrace();
    expect(trace.filter((t) => t.kind === "entry").map((t) => t.reason)).toEqual([expect.stringMatching(/^Journey Entered: entered journey imp-apply-1 v1/)]);
  });

  it("updates an existing profile, keeping traits the file does not name", async () => {
    await importAndApply("userId,plan,city\nup-1,free,Paris\n");
    await importAndApply("userId,plan,score\nup-1,pro,\n");
    expect(await traitsOf("up-1")).toEqual({ plan: "pro", city: "Paris" });
  });

  it("records users the journey refused, with their lines, and still updates their profiles", async () => {
    await publishManualJourney("imp-paused-1");
    const queue = new RecordingQueue();
    const res = await upload(usersCsv("pz-", 2), { journey: "imp-paused-1" }, queue);
    expect((await adminCall("POST", "/journeys/imp-paused-1/pause")).status).toBe(200);
    await drain(queue.take());
    const status = (await get(`/${res.body.id}`)).body;
    expect(status.rows).toMatchObject({ applied: 2, entered: 0, notEntered: 2, failed: 0 });
    expect(status.errors).toEqual([
      { line: 2, kind: "not_entered", reason: "Journey Entered: not entered, the journey is paused" },
      { line: 3, kind: "not_entered", reason: "Journey Entered: not entered, the journey is paused" },
    ]);
    expect(await traitsOf("pz-1")).toEqual({ email: "pz-1@example.com", plan: "pro" });
  });

  it("acknowledges a malformed message instead of retrying it forever", async () => {
    const result = await deliver([{ type: "import-rows", workspace: WORKSPACE, chunk: "x", journey: null, scope: "s", at: 0, rows: [{ line: 0, userId: "", traits: {} }] }]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });
});

describe("failures", () => {
  /** The real user objects, except that some calls throw. */
  function flaky(fail: { ingest?: (userId: string, call: number) => boolean; enter?: (userId: string, call: number) => boolean }): Pick<UserObjects, "ingest" | "enter"> {
    const real = userObjects(env);
    const calls = new Map<string, number>();
    const count = (key: string) => {
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      return n;
    };
    return {
      ingest: async (name, ref, items) => {
        if (fail.ingest?.(ref.userId ?? "", count(`i:${ref.userId}`))) throw new Error("object overloaded");
        return real.ingest(name, ref, items);
      },
      enter: async (name, ref, journeyId, properties) => {
        if (fail.enter?.(ref.userId ?? "", count(`e:${ref.userId}`))) throw new Error("object reset");
        return real.enter(name, ref, journeyId, properties);
      },
    };
  }

  it("a failing row never stops the others; transient errors are retried for that row only, from the step that failed", async () => {
    await publishManualJourney("imp-flaky-1");
    const users = flaky({
      ingest: (id, call) => (id === "fl-2" && call === 1) || id === "fl-3",
      enter: (id, call) => id === "fl-4" && call <= 2,
    });
    const queue = new RecordingQueue();
    const res = await upload(usersCsv("fl-", 5), { journey: "imp-flaky-1" }, queue);
    const [message] = queue.take();
    if (message === undefined) throw new Error("nothing queued");

    await deliver([message], users);
    const retries = retryQueue.take();
    expect(retries).toHaveLength(1);
    expect(retries[0]?.rows.map((r) => [r.userId, r.stage ?? "profile", r.attempt])).toEqual([
      ["fl-2", "profile", 1],
      ["fl-3", "profile", 1],
      ["fl-4", "enter", 1],
    ]);
    expect((await get(`/${res.body.id}`)).body.rows).toMatchObject({ applied: 2, entered: 2, pending: 3, failed: 0 });

    await drain(retries, users);
    const status = (await get(`/${res.body.id}`)).body;
    expect(status.status).toBe("done");
    expect(status.rows).toMatchObject({ applied: 4, entered: 4, failed: 1, pending: 0 });
    expect(status.errors).toEqual([{ line: 4, kind: "failed", reason: "gave up after 5 attempts (profile update): object overloaded" }]);
    for (const id of ["fl-1", "fl-2", "fl-4", "fl-5"]) expect(await traitsOf(id), id).toMatchObject({ entries: 1 });
    expect(await traitsOf("fl-3")).toBeNull();
    expect(await eventCount("fl-4"), "fl-4's profile update was not repeated").toBe(1);
  });
});

describe("re-running the same file", () => {
  it("is recognised: same id, nothing queued again, nobody entered twice", async () => {
    await publishManualJourney("imp-rerun-1");
    const csv = usersCsv("rr-", 3);
    const first = await importAndApply(csv, { journey: "imp-rerun-1" });
    expect(first.rows).toMatchObject({ entered: 3 });

    const queue = new RecordingQueue();
    const again = await upload(csv, { journey: "imp-rerun-1" }, queue);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: first.id, rerun: true, status: "done", uploads: 2 });
    expect(again.body.rows).toMatchObject({ queued: 3, skipped: 0, applied: 3, entered: 3 });
    expect(queue.sent).toEqual([]);
    for (const id of ["rr-1", "rr-2", "rr-3"]) {
      expect(await traitsOf(id)).toMatchObject({ entries: 1 });
      expect(await eventCount(id)).toBe(1);
    }
  });

  it("a redelivered message is acknowledged without applying anything again", async () => {
    await publishManualJourney("imp-redeliver-1");
    const queue = new RecordingQueue();
    await upload(usersCsv("rd-", 2), { journey: "imp-redeliver-1" }, queue);
    const messages = queue.take();
    await drain(messages);
    const result = await deliver(messages);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await traitsOf("rd-1")).toMatchObject({ entries: 1 });
    expect(await eventCount("rd-1")).toBe(1);
  });

  it("an edited file applies its new rows; unchanged rows are duplicates, not entered again", async () => {
    await publishManualJourney("imp-edited-1");
    await importAndApply(usersCsv("ed-", 3), { journey: "imp-edited-1" });
    const edited = usersCsv("ed-", 3).replace("userId,email,plan\n", "userId,email,plan\ned-new,ed-new@example.com,pro\n");
    const status = await importAndApply(edited, { journey: "imp-edited-1" });
    expect(status.rows).toMatchObject({ queued: 4, applied: 4, duplicates: 3, entered: 1 });
    expect(await traitsOf("ed-new")).toMatchObject({ entries: 1 });
    for (const id of ["ed-1", "ed-2", "ed-3"]) {
      expect(await traitsOf(id)).toMatchObject({ entries: 1 });
      expect(await eventCount(id)).toBe(1);
    }
  });

  it("the same file with a new key is applied again (a deliberate second campaign)", async () => {
    await publishManualJourney("imp-keyed-1");
    await importAndApply(usersCsv("ky-", 2), { journey: "imp-keyed-1", key: "may" });
    const june = await importAndApply(usersCsv("ky-", 2), { journey: "imp-keyed-1", key: "june" });
    expect(june.rows).toMatchObject({ queued: 2, entered: 2, duplicates: 0 });
    expect(await traitsOf("ky-1")).toMatchObject({ entries: 2 });
  });
});
