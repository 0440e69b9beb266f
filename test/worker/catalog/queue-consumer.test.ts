/** The queue() handler: STATS messages become per-node counters; malformed ones are dropped, not retried. */
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { withSchema } from "../../../worker/catalog/d1-schema.ts";
import { consumeQueue, STATS_QUEUE } from "../../../worker/catalog/queue-consumer.ts";
import { JOURNEY_LEVEL, journeyUsers, nodeCounts } from "../../../worker/catalog/stats-store.ts";

const at = Date.parse("2026-05-01T10:00:00Z");
const msg = (id: string, body: unknown) => ({ id, timestamp: new Date(at), attempts: 1, body });
const delta = (node: string | null, kind: string, extra: object = {}) => ({ workspace: "qc", journeyId: "qc-j", version: 1, node, kind, at, ...extra });

describe("consumeQueue (STATS)", () => {
  it("adds up deltas per node and kind, across batches", async () => {
    const first = createMessageBatch(STATS_QUEUE, [
      msg("1", delta(null, "entered", { user: "qc:u1" })),
      msg("2", delta("wait", "entered")),
      msg("3", delta(null, "entered", { user: "qc:u2" })),
      msg("4", delta("wait", "entered")),
      msg("5", { nonsense: true }),
    ]);
    await consumeQueue(first, env);
    await consumeQueue(createMessageBatch(STATS_QUEUE, [msg("6", delta("wait", "left")), msg("7", delta("end", "exited", { reason: "completed" }))]), env);

    const db = env.CATALOG_DB;
    const counts = await withSchema(db, () => nodeCounts(db, "qc", "qc-j"));
    expect(Object.fromEntries(counts)).toEqual({
      [JOURNEY_LEVEL]: { entered: 2, left: 0, exited: 0, converted: 0, failed: 0 },
      wait: { entered: 2, left: 1, exited: 0, converted: 0, failed: 0 },
      end: { entered: 0, left: 0, exited: 1, converted: 0, failed: 0 },
    });
    expect(await withSchema(db, () => journeyUsers(db, "qc", "qc-j", "", 10))).toEqual(["qc:u1", "qc:u2"]);
  });
  it("a batch of summed counters (one message per user flush) adds each counter's count; bare deltas still count 1", async () => {
    const counter = (node: string | null, kind: string, count: number, extra: object = {}) => ({ workspace: "qcb", journeyId: "qcb-j", version: 1, node, kind, at, count, ...extra });
    const batch = createMessageBatch(STATS_QUEUE, [
      msg("b1", { type: "stats", counters: [counter(null, "entered", 3, { user: "qcb:u1" }), counter("send", "entered", 3), counter("send", "left", 2)] }),
      msg("b2", { workspace: "qcb", journeyId: "qcb-j", version: 1, node: "send", kind: "left", at }),
      msg("b3", { type: "stats", counters: [counter("send", "left", 0)] }),
    ]);
    await consumeQueue(batch, env);
    const db = env.CATALOG_DB;
    const counts = await withSchema(db, () => nodeCounts(db, "qcb", "qcb-j"));
    expect(Object.fromEntries(counts)).toEqual({
      [JOURNEY_LEVEL]: { entered: 3, left: 0, exited: 0, converted: 0, failed: 0 },
      send: { entered: 3, left: 3, exited: 0, converted: 0, failed: 0 },
    });
    expect(await withSchema(db, () => journeyUsers(db, "qcb", "qcb-j", "", 10))).toEqual(["qcb:u1"]);
  });
});
