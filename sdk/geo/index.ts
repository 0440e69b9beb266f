/** Lazy geofencing chunk (public/sdk/geo.js). */
export { start, stop, resume, type GeofenceOptions, type GeofenceResult } from "./watcher.ts";
