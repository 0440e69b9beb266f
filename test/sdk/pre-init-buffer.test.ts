import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { replay, type BufferedCall } from "../../sdk/pre-init-buffer.ts";
import { fakeApi, type FakeApi } from "./helpers/fake-api.ts";

let api: FakeApi;
beforeEach(() => {
  api = fakeApi();
});

describe("replay", () => {
  test("replays calls in order, dotted methods included, and settles the buffered promises", async () => {
    const calls: string[] = [];
    const target = {
      track: async (name: string) => void calls.push(`track ${name}`),
      identify: async (id: string) => void calls.push(`identify ${id}`),
      push: { optIn: async () => (calls.push("optIn"), "granted") },
    };
    const settled: unknown[] = [];
    const q: BufferedCall[] = [
      ["identify", ["u1"]],
      ["track", ["First"], (v) => settled.push(["resolved", v])],
      ["push.optIn", [], (v) => settled.push(["optIn", v])],
      ["nope", [], undefined, (e) => settled.push(["rejected", String(e)])],
    ];
    replay(target, q);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toEqual(["identify u1", "track First", "optIn"]);
    expect(settled).toHaveLength(3);
    expect(settled).toEqual(expect.arrayContaining([["resolved", undefined], ["optIn", "granted"], ["rejected", "TypeError: nudge: unknown method nope"]]));
  });
});

test("the script tag reads its data attributes, defines window.nudge and replays the snippet's calls", async () => {
  const el = document.createElement("script");
  el.type = "text/plain"; // keep happy-dom from fetching it
  el.src = "https://cdn.test/sdk/nudge.js";
  el.dataset.writeKey = "wk_tag";
  el.dataset.apiHost = "https://api.test";
  el.dataset.inApp = "false";
  el.dataset.trackPages = "false";
  document.head.append(el);
  const done = vi.fn();
  Object.assign(window, { nudge: { q: [["track", ["Before Load", { early: true }], done], ["identify", ["u_snippet"]]] } });
  await import("../../sdk/script-tag.ts");
  const nudge: unknown = Reflect.get(window, "nudge");
  const { Client } = await import("../../sdk/client.ts");
  expect(nudge).toBeInstanceOf(Client);
  if (!(nudge instanceof Client)) return;
  expect(nudge.options).toMatchObject({ writeKey: "wk_tag", apiHost: "https://api.test", sdkBase: "https://cdn.test/sdk/", inApp: false, trackPages: false });
  await new Promise((r) => setTimeout(r, 0));
  await nudge.flush();
  expect(done).toHaveBeenCalledTimes(1);
  expect(api.events()).toMatchObject([
    { type: "track", event: "Before Load", properties: { early: true } },
    { type: "identify", userId: "u_snippet" },
  ]);
  expect(api.bodies<{ writeKey: string }>("/v1/batch")[0]?.writeKey).toBe("wk_tag");
});

test("the ESM `nudge` buffers calls until load(), then forwards them", async () => {
  const { nudge } = await import("../../sdk/index.ts");
  const tracked = nudge.track("Queued Before Load");
  const client = nudge.load({ writeKey: "wk_esm", apiHost: "https://api.test", inApp: false, trackPages: false, flushInterval: 1 });
  expect(nudge.load({ writeKey: "other" })).toBe(client);
  await tracked;
  await nudge.track("After Load");
  await new Promise((r) => setTimeout(r, 10));
  await client.flush();
  expect(api.events().map((e) => e.type == "track" && e.event)).toEqual(["Queued Before Load", "After Load"]);
});
