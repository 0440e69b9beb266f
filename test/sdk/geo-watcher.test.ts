import { beforeEach, expect, test, vi } from "vitest";
import { start, stop } from "../../sdk/geo/watcher.ts";
import type { Geofence } from "../../sdk/protocol.ts";
import { fakeApi } from "./helpers/fake-api.ts";
import { stubHost, type StubHost } from "./helpers/stub-host.ts";

const store: Geofence = { id: "store-1", name: "Store #1", lat: 52.5219, lng: 13.4132, radius: 100, dwellMs: 0 };

/** navigator.geolocation and permissions under test control. */
function fakeGeo(permission: PermissionState) {
  let ok: PositionCallback = () => {};
  let fail: PositionErrorCallback | null | undefined;
  const watch = vi.fn((s: PositionCallback, e?: PositionErrorCallback | null) => ((ok = s), (fail = e), 7));
  const clear = vi.fn();
  Object.defineProperties(navigator, {
    geolocation: { configurable: true, value: { watchPosition: watch, clearWatch: clear, getCurrentPosition: vi.fn() } },
    permissions: { configurable: true, value: { query: async () => ({ state: permission }) } },
  });
  const at = (lat: number, lng: number, accuracy = 10) =>
    ok({ coords: { latitude: lat, longitude: lng, accuracy, altitude: null, altitudeAccuracy: null, heading: null, speed: null, toJSON: () => ({}) }, timestamp: Date.now(), toJSON: () => ({}) });
  const error = (code: number) => fail?.({ code, message: "", PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 });
  return { at, error, watch, clear };
}

let host: StubHost;
beforeEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
  fakeApi((r) => (r.url.pathname == "/v1/geofences" ? Response.json({ geofences: [store, { id: "bad", lat: "x" }] }) : undefined));
  host = stubHost();
});

const events = () => host.tracked.map((t) => `${t.event} ${t.properties.geofence} ${t.properties.name}`);

test("enter and exit are tracked; transient POSITION_UNAVAILABLE errors are ignored", async () => {
  const geo = fakeGeo("granted");
  expect(await start(host)).toBe("watching");
  geo.at(52.52, 13.405); // ~600 m away
  geo.error(2); // headless Chromium's spurious error before each update
  geo.at(52.5219, 13.4132); // inside
  geo.error(3);
  geo.at(52.5219, 13.4132);
  geo.error(2);
  geo.at(52.53, 13.405); // far away
  expect(events()).toEqual(["Geofence Entered store-1 Store #1", "Geofence Exited store-1 Store #1"]);
  expect(geo.clear).not.toHaveBeenCalled();
  stop(host);
});

test("a reload inside the fence does not enter it again", async () => {
  const geo = fakeGeo("granted");
  await start(host);
  geo.at(52.5219, 13.4132);
  stop(host);
  const again = fakeGeo("granted");
  await start(host);
  again.at(52.5219, 13.4133);
  expect(events()).toEqual(["Geofence Entered store-1 Store #1"]);
  void geo;
});

test("permission: denied up front, or refused at the prompt, stops watching", async () => {
  fakeGeo("denied");
  expect(await start(host)).toBe("denied");
  const geo = fakeGeo("prompt");
  const result = start(host);
  await new Promise((r) => setTimeout(r, 0));
  geo.error(1);
  expect(await result).toBe("denied");
  expect(geo.clear).toHaveBeenCalledWith(7);
  expect(host.get("geo", null)).toBeNull();
});

test("at the prompt, the first position means yes, and the opt-in is remembered for later pages", async () => {
  const geo = fakeGeo("prompt");
  const result = start(host);
  await new Promise((r) => setTimeout(r, 0));
  geo.at(52.52, 13.405);
  expect(await result).toBe("watching");
  expect(host.get("geo", null)).toBe(1);
  stop(host);
  expect(host.get("geo", null)).toBeNull();
});

test("no geolocation API: unsupported", async () => {
  vi.stubGlobal("navigator", {});
  expect(await start(host)).toBe("unsupported");
});
