/**
 * Ingesting Segment-spec calls: idempotency, validation, identify → attribute changes, page calls.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HOUR, harness, resetUserObjectDeps } from "./helpers/user-harness.ts";

afterEach(() => resetUserObjectDeps());

const onEvent = (event: string, template: string) => ({
  id: template,
  name: template,
  trigger: { type: "event", event },
  entry: { reentry: "always" },
  start: "send",
  nodes: { send: { type: "send", channel: "email", template, next: "end" }, end: { type: "end" } },
});

describe("ingest", () => {
  it("a replayed messageId is a duplicate and does nothing", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    h.catalog.publish(onEvent("Signed Up", "welcome"));
    const call = { type: "track" as const, messageId: "abc", event: "Signed Up", timestamp: h.clock.now() };
    expect(await h.stub.ingest(h.ref, [call])).toEqual([{ status: "accepted", messageId: "abc" }]);
    expect(await h.stub.ingest(h.ref, [call, call])).toEqual([
      { status: "duplicate", messageId: "abc" },
      { status: "duplicate", messageId: "abc" },
    ]);
    await h.stub.flush();
    expect(h.performer.calls).toHaveLength(1);
    expect(await h.sentTemplates()).toEqual(["welcome"]);
  });

  it("rejects bad items by field, and still accepts the good ones in the batch", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    const now = h.clock.now();
    const results = await h.stub.ingest(h.ref, [
      { type: "track", messageId: "1", event: "Ok", timestamp: now },
      { type: "track", messageId: "2", timestamp: now },
      { type: "shout", messageId: "3", timestamp: now },
      { type: "track", event: "No id", timestamp: now },
      { type: "identify", messageId: "5", traits: "nope", timestamp: now },
      { type: "page", messageId: "6", timestamp: "yesterday" },
      { type: "alias", messageId: "7", timestamp: now },
      42,
    ]);
    expect(results.map((r) => (r.status === "rejected" ? [r.messageId, r.path] : [r.messageId, r.status]))).toEqual([
      ["1", "accepted"],
      ["2", "event"],
      ["3", "type"],
      [null, "messageId"],
      ["5", "traits"],
      ["6", "timestamp"],
      ["7", "type"],
      [null, ""],
    ]);
  });

  it("identify merges traits; only changed keys fire attribute triggers", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    h.catalog.publish({
      id: "plan-change",
      name: "Plan change",
      trigger: { type: "attribute", attribute: "plan" },
      entry: { reentry: "always" },
      start: "send",
      nodes: { send: { type: "send", channel: "email", template: "plan", next: "end" }, end: { type: "end" } },
    });
    await h.identify({ plan: "free", name: "Ada" });
    await h.identify({ plan: "free", name: "Ada L." });
    await h.identify({ plan: "pro" });
    expect(await h.sentTemplates()).toEqual(["plan", "plan"]);
    expect((await h.stub.getProfile())?.traits).toEqual({ plan: "pro", name: "Ada L." });
  });

  it("a page call is the event Page Viewed with the page name in its properties", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    h.catalog.publish({
      ...onEvent("Page Viewed", "pricing-tips"),
      trigger: { type: "event", event: "Page Viewed", where: { property: "name", op: "eq", value: "Pricing" } },
    });
    await h.send({ type: "page", name: "Home" });
    await h.send({ type: "page", name: "Pricing", properties: { path: "/pricing" } });
    expect(await h.sentTemplates()).toEqual(["pricing-tips"]);
  });

  it("context.timezone sets the user's zone, used by waits in local time", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    h.catalog.publish({
      id: "morning",
      name: "Morning",
      trigger: { type: "event", event: "Signed Up" },
      start: "slot",
      nodes: {
        slot: { type: "wait_for_time_slot", mode: "window", window: { from: "09:00", to: "10:00" }, next: "send" },
        send: { type: "send", channel: "email", template: "morning", next: "end" },
        end: { type: "end" },
      },
    });
    await h.send({ type: "track", event: "Signed Up", context: { timezone: "Asia/Tokyo" } });
    const [run] = (await h.stub.getProfile())?.runs ?? [];
    expect(run?.waiting).toEqual({ node: "slot", type: "timer", until: "2026-0702T00:00:00.000Z".replace("07", "07-") });
    expect((await h.stub.getProfile())?.timeZone).toBe("Asia/Tokyo");
    await h.advance(14 * HOUR);
    expect(await h.sentTemplates()).toEqual(["morning"]);
  });

  it("refuses a call for another workspace", async () => {
    const h = harness("2026-07-01T10:00:00Z");
    await h.track("Hello");
    const error = await h.stub.ingest({ workspace: "other" }, []).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/belongs to workspace test-ws, not other/);
  });
});
