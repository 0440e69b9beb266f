/**
 * Ended runs are compacted every RUN_COMPACT_EVERY entries of a journey (store/run-store.ts): a
 * user who enters a `reentry: "always"` journey again and again keeps one ended run per entry key,
 * not one per entry, and what entry rules, goals, import de-duplication and outbox outcomes read
 * stays.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RUN_COMPACT_EVERY } from "../../../worker/user/store/run-store.ts";
import { DAY, HOUR, MINUTE, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

/** `event` → send at once → end; every entry is a new run. */
function sendAtOnce(opts: { id?: string; trigger?: unknown; key?: string; reentry?: unknown; goal?: unknown } = {}) {
  return {
    id: opts.id ?? "promo",
    name: "Promo",
    trigger: opts.trigger ?? { type: "event", event: "Viewed Promo" },
    entry: { reentry: opts.reentry ?? "always", ...(opts.key === undefined ? {} : { key: opts.key }) },
    ...(opts.goal === undefined ? {} : { goal: opts.goal }),
    start: "send",
    nodes: { send: { type: "send", channel: "email", template: "promo", next: "end" }, end: { type: "end" } },
  };
}

const runRows = (h: ReturnType<typeof harness>) => h.sql<{ id: string; key: string; status: string }>("SELECT id, key, status FROM runs ORDER BY entered_at, id");

describe("run compaction", () => {
  it("100 entries of one key leave fewer than RUN_COMPACT_EVERY runs; every entry still sends", async () => {
    const h = harness("2026-05-01T09:00:00Z");
    h.catalog.publish(sendAtOnce());
    for (let i = 0; i < 100; i += 1) {
      h.clock.advance(MINUTE);
      await h.track("Viewed Promo");
    }
    expect(await h.sentTemplates()).toHaveLength(100);
    const rows = await runRows(h);
    // Compacted at entry 96: run 96 is the key's latest; 97–100 came after.
    expect(rows.map((r) => r.id)).toEqual(["promo:96", "promo:97", "promo:98", "promo:99", "promo:100"]);
    expect(rows.length).toBeLessThan(RUN_COMPACT_EVERY);
  });

  it("keeps the latest run of every key, so re-entry rules answer as before", async () => {
    const h = harness("2026-05-01T09:00:00Z");
    // Each cart may enter again a day after its last entry.
    h.catalog.publish(sendAtOnce({ trigger: { type: "event", event: "Added To Cart" }, key: "cart_id", reentry: { after: "1d" } }));
    await h.track("Added To Cart", { cart_id: "A" }); // A's only entry
    for (let day = 1; day <= 2 * RUN_COMPACT_EVERY; day += 1) {
      h.clock.set(Date.parse("2026-05-01T09:00:00Z") + day * DAY);
      await h.track("Added To Cart", { cart_id: "B" });
    }
    const rows = await runRows(h);
    expect(rows.filter((r) => r.key === "A")).toHaveLength(1);
    expect(rows.filter((r) => r.key === "B").length).toBeLessThan(RUN_COMPACT_EVERY);
    h.clock.advance(12 * HOUR);
    await h.track("Added To Cart", { cart_id: "B" }); // 12 h after B's latest entry: refused
    await h.track("Added To Cart", { cart_id: "A" }); // A's entry was 32 days ago: enters
    const refused = (await h.stub.getTrace()).filter((t) => t.kind === "entry" && /not entered/.test(t.reason));
    expect(refused.map((t) => t.reason)).toEqual(['Added To Cart: not entered, entered less than 1d ago for cart_id "B" (reentry after 1d)']);
    expect(await h.sentTemplates()).toHaveLength(2 * RUN_COMPACT_EVERY + 2);
  });

  it("an ended run whose goal window is open stays until it closes, and converts", async () => {
    const h = harness("2026-05-01T09:00:00Z");
    h.catalog.publish(sendAtOnce({ goal: { event: "Order Completed", within: "2d" } }));
    for (let i = 0; i < RUN_COMPACT_EVERY; i += 1) {
      h.clock.advance(MINUTE);
      await h.track("Viewed Promo");
    }
    expect(await runRows(h)).toHaveLength(RUN_COMPACT_EVERY); // all goal-open: none compacted
    h.clock.advance(HOUR);
    await h.track("Order Completed");
    expect(h.stats.filter((s) => s.kind === "converted")).toHaveLength(RUN_COMPACT_EVERY);
    // Converted runs no longer hold a window: the next compaction removes all but the latest.
    for (let i = 0; i < RUN_COMPACT_EVERY; i += 1) {
      h.clock.advance(3 * DAY);
      await h.track("Viewed Promo");
    }
    expect((await runRows(h)).map((r) => r.id)).toEqual([`promo:${2 * RUN_COMPACT_EVERY}`]);
  });

  it("a run whose send is still being retried is kept, and its outcome is traced and counted against it", async () => {
    // The first send is retried, then fails for good; the others are sent at once.
    const h = harness("2026-05-01T09:00:00Z", [
      { type: "retry", afterMs: 0, reason: "503" },
      ...Array.from({ length: RUN_COMPACT_EVERY - 1 }, () => ({ type: "sent" as const, detail: "test" })),
      { type: "failed", reason: "rejected by provider" },
    ]);
    h.catalog.publish(sendAtOnce());
    await h.track("Viewed Promo");
    for (let i = 1; i < RUN_COMPACT_EVERY; i += 1) await h.track("Viewed Promo");
    const rows = await runRows(h);
    expect(rows.map((r) => r.id)).toEqual(["promo:1", `promo:${RUN_COMPACT_EVERY}`]);
    await h.advance(10 * MINUTE); // the retry
    const failed = (await h.stub.getMessages()).filter((m) => m.status === "failed");
    expect(failed.map((m) => [m.journey, m.version, m.reason])).toEqual([["promo", 1, "rejected by provider"]]);
    expect(h.stats.filter((s) => s.kind === "failed").map((s) => [s.journeyId, s.version])).toEqual([["promo", 1]]);
    const delivery = (await h.stub.getTrace()).filter((t) => t.kind === "delivery" && t.runId === "promo:1");
    expect(delivery.map((t) => [t.journeyId, t.version])).toEqual([["promo", 1], ["promo", 1]]);
  });

  it("CSV-imported runs keep their import key: a re-run import row is still a duplicate", async () => {
    const h = harness("2026-05-01T09:00:00Z");
    h.catalog.publish(sendAtOnce({ id: "import", trigger: { type: "manual" } }));
    const first = await h.stub.enterJourney(h.ref, "import", { importKey: "row-1" });
    for (let i = 2; i <= RUN_COMPACT_EVERY; i += 1) await h.stub.enterJourney(h.ref, "import", { importKey: `row-${i}` });
    await h.stub.flush();
    expect(await runRows(h)).toHaveLength(RUN_COMPACT_EVERY);
    expect(await h.stub.enterJourney(h.ref, "import", { importKey: "row-1" })).toEqual({ entered: true, runId: first.entered ? first.runId : "", duplicate: true });
  });
});
