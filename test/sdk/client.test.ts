import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, test, vi } from "vitest";
import { Client } from "../../sdk/client.ts";
import type { Options } from "../../sdk/options.ts";
import type { NudgeEvent } from "../../sdk/protocol.ts";
import { fakeApi, type FakeApi } from "./helpers/fake-api.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let api: FakeApi;

function client(o: Partial<Options> = {}): Client {
  return new Client({ writeKey: "wk_test", apiHost: "https://api.test", inApp: false, flushInterval: 5, ...o }, "https://cdn.test/sdk/nudge.js");
}

/**
 * What `c` sent. Clients of earlier tests still live in this window (like other tabs) and react to
 * history changes; they have other anonymousIds, so keep only `c`'s (or the given ids').
 */
async function sent(c: Client, ids = [c.user().anonymousId]): Promise<NudgeEvent[]> {
  await new Promise((r) => setTimeout(r, 0));
  await c.flush();
  return api.events().filter((e) => ids.includes(e.anonymousId ?? ""));
}

beforeEach(() => {
  vi.stubGlobal("indexedDB", new IDBFactory());
  localStorage.clear();
  document.cookie = "nudge_aid=;max-age=0;path=/";
  history.replaceState(null, "", "/start?from=test");
  document.title = "Start page";
  api = fakeApi();
});


describe("events", () => {
  test("a page view on load and a track call, Segment-shaped, with context", async () => {
    const c = client();
    await c.track("Added to Cart", { sku: "tee-42", price: 19 });
    const [page, track] = await sent(c);
    expect(page).toMatchObject({ type: "page", properties: { path: "/start", search: "?from=test", title: "Start page", url: "http://localhost:3000/start?from=test" } });
    expect(track).toMatchObject({ type: "track", event: "Added to Cart", properties: { sku: "tee-42", price: 19 } });
    for (const e of [page, track]) {
      expect(e?.messageId).toMatch(UUID);
      expect(e?.anonymousId).toMatch(UUID);
      expect(new Date(e?.timestamp ?? "").toISOString()).toBe(e?.timestamp);
      expect(e?.sentAt).toBeDefined();
      expect(e?.context).toEqual({
        library: { name: "nudge.js", version: expect.any(String) },
        page: expect.objectContaining({ path: "/start", url: "http://localhost:3000/start?from=test" }),
        userAgent: navigator.userAgent,
        locale: navigator.language,
        timezone: "UTC",
      });
    }
    expect(page?.messageId).not.toBe(track?.messageId);
    expect(api.requests[0]?.url.href).toBe("https://api.test/v1/batch");
  });

  test("calls made within the same millisecond arrive in call order", async () => {
    const c = client({ trackPages: false });
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.track("Step", { i })));
    const steps = (await sent(c)).map((e) => (e.type == "track" ? e.properties.i : -1));
    expect(steps).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  test("track rejects a missing event name with a clear error", async () => {
    const c = client({ trackPages: false });
    await expect(c.track("")).rejects.toThrow("nudge.track: event must be a non-empty string");
    expect(await sent(c)).toEqual([]);
  });

  test("trackPages: false sends no automatic page views", async () => {
    const c = client({ trackPages: false });
    history.pushState(null, "", "/elsewhere");
    await c.page("Manual");
    expect((await sent(c)).map((e) => e.type == "page" && e.name)).toEqual(["Manual"]);
  });
});

describe("identity", () => {
  test("the anonymousId persists across reloads, and comes back from the cookie when localStorage is wiped", async () => {
    const first = client().user().anonymousId;
    expect(localStorage.getItem("nudge_aid")).toBe(first);
    expect(document.cookie).toContain(`nudge_aid=${first}`);
    expect(client().user().anonymousId).toBe(first);
    localStorage.clear();
    expect(client().user().anonymousId).toBe(first);
  });

  test("identify sets userId, userHash and traits on later events and persists them", async () => {
    const c = client({ trackPages: false });
    await c.identify("u_42", { email: "ada@example.com" }, { userHash: "hash-42" });
    await c.identify({ plan: "pro" });
    await c.track("Upgraded");
    const [id1, id2, track] = await sent(c);
    expect(id1).toMatchObject({ type: "identify", userId: "u_42", userHash: "hash-42", traits: { email: "ada@example.com" } });
    expect(id2).toMatchObject({ type: "identify", userId: "u_42", traits: { email: "ada@example.com", plan: "pro" } });
    expect(track).toMatchObject({ userId: "u_42", userHash: "hash-42", anonymousId: c.user().anonymousId });
    expect(client().user()).toMatchObject({ userId: "u_42", userHash: "hash-42", traits: { email: "ada@example.com", plan: "pro" } });
  });

  test("identifying a different user drops the previous user's traits and hash", async () => {
    const c = client({ trackPages: false });
    await c.identify("u_1", { email: "one@example.com" }, { userHash: "h1" });
    await c.identify("u_2", { name: "Two" });
    expect(c.user()).toMatchObject({ userId: "u_2", userHash: undefined, traits: { name: "Two" } });
  });

  test("reset forgets the user and starts a new anonymousId", async () => {
    const c = client({ trackPages: false });
    const before = c.user().anonymousId;
    await c.identify("u_9", { email: "x@example.com" });
    await c.reset();
    await c.track("After Reset");
    const events = await sent(c, [before, c.user().anonymousId]);
    const after = events[events.length - 1];
    expect(after?.userId).toBeUndefined();
    expect(after?.anonymousId).not.toBe(before);
    expect(client().user()).toEqual({ anonymousId: after?.anonymousId, userId: undefined, userHash: undefined, traits: {} });
  });

  test("alias links the previous id to the new userId", async () => {
    const c = client({ trackPages: false });
    const anon = c.user().anonymousId;
    await c.alias("u_new");
    expect(await sent(c)).toMatchObject([{ type: "alias", userId: "u_new", previousId: anon }]);
  });

  test("identity listeners hear identify of a new user and reset, not trait updates", async () => {
    const c = client({ trackPages: false });
    const heard = vi.fn();
    c.on("identity", heard);
    await c.identify("u_1");
    await c.identify({ plan: "pro" });
    await c.reset();
    expect(heard).toHaveBeenCalledTimes(2);
  });
});

describe("page tracking on SPA navigation", () => {
  test("pushState, replaceState to a new URL and popstate each send a page view with the previous URL as referrer", async () => {
    const c = client();
    history.pushState(null, "", "/products/tee-42");
    history.replaceState(null, "", "/products/tee-42"); // same URL: not a navigation
    history.replaceState({ tab: 2 }, "", "/products/tee-42?tab=2");
    history.pushState(null, "", "/products/tee-42?tab=2#reviews"); // hash only: not a navigation
    history.back();
    await new Promise((r) => setTimeout(r, 50));
    const pages = (await sent(c)).filter((e) => e.type == "page");
    const props = pages.map((e) => (e.type == "page" ? [e.properties.path, e.properties.search, e.properties.referrer] : []));
    expect(props.slice(0, 3)).toEqual([
      ["/start", "?from=test", ""],
      ["/products/tee-42", "", "http://localhost:3000/start?from=test"],
      ["/products/tee-42", "?tab=2", "http://localhost:3000/products/tee-42"],
    ]);
    expect(pages).toHaveLength(3); // popstate landed on the same URL (hash differs only)
  });

  test("navigate listeners hear every SPA navigation", () => {
    const c = client({ trackPages: false });
    const heard = vi.fn();
    c.on("navigate", heard);
    history.pushState(null, "", "/a");
    history.pushState(null, "", "/b");
    expect(heard).toHaveBeenCalledTimes(2);
  });
});

describe("options", () => {
  test("the API host and chunk base default to where the SDK was loaded from", () => {
    const c = new Client({ writeKey: "wk_test", inApp: false, trackPages: false }, "https://cdn.test/sdk/nudge.js?v=1");
    expect(c.options).toMatchObject({ apiHost: "https://cdn.test", sdkBase: "https://cdn.test/sdk/", swUrl: "/nudge-sw.js" });
  });

  test("a missing write key is a clear error", () => {
    expect(() => new Client({ writeKey: "" }, "https://cdn.test/sdk/nudge.js")).toThrow("writeKey is required");
  });
});
