/**
 * The geofencing shell: fetches the workspace fences, watches the position while the page is
 * open, feeds fixes to the fence machine, and tracks "Geofence Entered"/"Geofence Exited".
 * Transient position errors (POSITION_UNAVAILABLE, TIMEOUT) are ignored; only PERMISSION_DENIED
 * stops the watch. Stable states persist, so a reload inside a fence does not enter it again.
 */
import type { Host } from "../plugin.ts";
import type { Geofence, GeofencesResponse } from "../protocol.ts";
import { advance, type FenceState, type Fix, type MachineOptions } from "./fence-machine.ts";

export type GeofenceResult = "watching" | "denied" | "unsupported";
export interface GeofenceOptions extends MachineOptions {}

const STATE_KEY = "geo_state";
let watchId: number | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Persisted states: "inside" survives reloads, transient states fall back to outside. */
function loadStates(host: Host): Record<string, FenceState> {
  const inside = host.get<string[]>(STATE_KEY, []);
  return Object.fromEntries(inside.map((id) => [id, { type: "inside" } satisfies FenceState]));
}

async function fetchFences(host: Host): Promise<Geofence[]> {
  const res = await host.api("/v1/geofences");
  const body: GeofencesResponse | undefined = res.ok ? await res.json() : undefined;
  if (!Array.isArray(body?.geofences)) throw new Error(`nudge: GET /v1/geofences answered ${res.status}`);
  return body.geofences.filter((f) => typeof f?.id == "string" && Number.isFinite(f.lat) && Number.isFinite(f.lng) && f.radius > 0);
}

/** Starts watching (asking for permission if needed). Resolves once the outcome is known. */
export async function start(host: Host, o: GeofenceOptions = {}): Promise<GeofenceResult> {
  if (!("geolocation" in navigator)) return "unsupported";
  stop(host);
  const fences = await fetchFences(host);
  let states = loadStates(host);
  const run = (fix: Fix): void => {
    clearTimeout(timer);
    const now = Date.now();
    const r = advance(fences, states, fix, now, o);
    states = r.states;
    host.set(STATE_KEY, fences.filter((f) => states[f.id]?.type == "inside").map((f) => f.id));
    for (const t of r.transitions) void host.track(t.type == "entered" ? "Geofence Entered" : "Geofence Exited", { geofence: t.fence.id, name: t.fence.name });
    if (r.wakeAt !== undefined) timer = setTimeout(() => run(fix), Math.max(0, r.wakeAt - now));
  };
  const perm = await navigator.permissions?.query({ name: "geolocation" }).then((p) => p.state, () => undefined);
  if (perm == "denied") return "denied";
  return new Promise((resolve) => {
    const ok = (): void => {
      host.set("geo", 1);
      resolve("watching");
    };
    if (perm == "granted") ok();
    watchId = navigator.geolocation.watchPosition(
      (p) => {
        ok();
        run({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy });
      },
      (err) => {
        if (err.code != err.PERMISSION_DENIED) return; // transient: keep watching
        stop(host);
        resolve("denied");
      },
      { enableHighAccuracy: true, maximumAge: 15_000 },
    );
  });
}

/** Stops watching and forgets the opt-in (a later page load will not resume). */
export function stop(host: Host): void {
  if (watchId !== undefined) navigator.geolocation.clearWatch(watchId);
  clearTimeout(timer);
  watchId = undefined;
  host.set("geo", null);
}

/** On load after an earlier start(): resumes silently while permission stays granted. */
export async function resume(host: Host, o?: GeofenceOptions): Promise<void> {
  const perm = await navigator.permissions?.query({ name: "geolocation" }).then((p) => p.state, () => undefined);
  if (perm == "granted") await start(host, o);
}
