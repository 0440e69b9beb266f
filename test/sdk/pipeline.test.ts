import { expect, test, vi } from "vitest";
import { runPipeline } from "../../sdk/pipeline.ts";
import type { Plugin } from "../../sdk/plugin.ts";
import type { NudgeEvent } from "../../sdk/protocol.ts";

const event: NudgeEvent = { type: "track", event: "Viewed", properties: {}, messageId: "m1", timestamp: "2025-01-01T00:00:00.000Z", anonymousId: "a" };
import { stubHost } from "./helpers/stub-host.ts";

const host = stubHost();
const plugin = (name: string, type: Plugin["type"], run: Plugin["run"]): Plugin => ({ name, type, run });

test("runs before → enrichment → destination → after, whatever the order they were added in", async () => {
  const order: string[] = [];
  const log = (name: string, type: Plugin["type"]) => plugin(name, type, () => void order.push(name));
  await runPipeline([log("after", "after"), log("dest", "destination"), log("enrich", "enrichment"), log("before", "before")], event, host);
  expect(order).toEqual(["before", "enrich", "dest", "after"]);
});

test("a before plugin can drop an event: no destination sees it", async () => {
  const dest = vi.fn();
  const out = await runPipeline([plugin("consent", "before", () => null), plugin("d", "destination", dest)], event, host);
  expect(out).toBeNull();
  expect(dest).not.toHaveBeenCalled();
});

test("a throwing before plugin drops the event with a warning", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const dest = vi.fn();
  const out = await runPipeline([plugin("broken", "before", () => { throw new Error("boom"); }), plugin("d", "destination", dest)], event, host);
  expect(out).toBeNull();
  expect(dest).not.toHaveBeenCalled();
  expect(warn).toHaveBeenCalledWith("nudge: plugin broken failed", expect.any(Error));
  warn.mockRestore();
});

test("enrichment may replace the event; a failing enrichment is logged and skipped", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const seen: NudgeEvent[] = [];
  const out = await runPipeline(
    [
      plugin("utm", "enrichment", (e) => (e.type == "track" ? { ...e, properties: { ...e.properties, utm: "mail" } } : e)),
      plugin("broken", "enrichment", async () => { throw new Error("nope"); }),
      plugin("d", "destination", (e) => void seen.push(e)),
    ],
    event,
    host,
  );
  expect(out).toMatchObject({ properties: { utm: "mail" } });
  expect(seen).toEqual([out]);
  expect(warn).toHaveBeenCalledTimes(1);
  warn.mockRestore();
});

test("destinations run in parallel and one failing does not stop another", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  let releaseSlow: () => void = () => {};
  const fast = vi.fn();
  const run = runPipeline(
    [
      plugin("slow", "destination", () => new Promise<void>((r) => (releaseSlow = r))),
      plugin("fails", "destination", () => Promise.reject(new Error("down"))),
      plugin("fast", "destination", fast),
    ],
    event,
    host,
  );
  await new Promise((r) => setTimeout(r, 0));
  expect(fast).toHaveBeenCalledTimes(1);
  releaseSlow();
  await expect(run).resolves.toEqual(event);
  expect(warn).toHaveBeenCalledWith("nudge: plugin fails failed", expect.any(Error));
  warn.mockRestore();
});
