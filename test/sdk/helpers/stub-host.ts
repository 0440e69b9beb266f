/** A Host for testing plugins and chunks without a Client: records tracks, chunks come from source. */
import { vi } from "vitest";
import { resolveOptions, type Options } from "../../../sdk/options.ts";
import type { ChunkName, Chunks, Host, Topic } from "../../../sdk/plugin.ts";
import type { Properties } from "../../../sdk/protocol.ts";
import { getJson, setItem, setJson } from "../../../sdk/storage.ts";

export interface StubHost extends Host {
  tracked: { event: string; properties: Properties }[];
  emit(topic: Topic): void;
}

const sources: { [K in ChunkName]: () => Promise<Chunks[K]> } = {
  overlays: () => import("../../../overlays/index.ts"),
  push: () => import("../../../sdk/push/index.ts"),
  geo: () => import("../../../sdk/geo/index.ts"),
  inapp: () => import("../../../sdk/inapp/index.ts"),
};

export function stubHost(o: Partial<Options> = {}): StubHost {
  const listeners: Record<Topic, Set<() => void>> = { navigate: new Set(), identity: new Set() };
  const tracked: StubHost["tracked"] = [];
  const caller = { writeKey: "wk_test", anonymousId: "anon-1" };
  return {
    options: resolveOptions({ writeKey: "wk_test", apiHost: "https://api.test", ...o }, "https://cdn.test/sdk/nudge.js"),
    tracked,
    caller: () => caller,
    track: vi.fn(async (event: string, properties: Properties = {}) => void tracked.push({ event, properties })),
    api: (path, body, keepalive) =>
      fetch(`https://api.test${path}`, body ? { method: "POST", body: JSON.stringify({ ...caller, ...body }), keepalive } : {}),
    load: (name) => sources[name](),
    on(topic, f) {
      listeners[topic].add(f);
      return () => listeners[topic].delete(f);
    },
    emit: (topic) => listeners[topic].forEach((f) => f()),
    get: (key, fallback) => getJson(key, fallback),
    set: (key, value) => (value === null ? setItem(key, null) : setJson(key, value)),
  };
}
