/** Lazy in-app chunk (public/sdk/inapp.js): message transport and display scheduling. */
import type { Host } from "../plugin.ts";
import { Scheduler } from "./scheduler.ts";
import { receive } from "./transport.ts";

let started = false;

/** Starts receiving and showing in-app messages (once per page). */
export function resume(host: Host): void {
  if (started) return;
  started = true;
  const s = new Scheduler(host);
  receive(host, (f) => (f.type == "message" ? s.add(f) : f.type == "revoke" && s.revoke(f.id)));
}
