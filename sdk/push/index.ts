/** Lazy push chunk (public/sdk/push.js): opt-in flow and subscription upkeep. */
import type { Host } from "../plugin.ts";
import { pushSupported } from "./platform.ts";
import { softPrompt, type SoftPromptOptions } from "./soft-prompt.ts";
import { register, subscribe, sync } from "./subscription.ts";

/**
 * - granted: subscribed, and the subscription reached the server
 * - denied: the user refused the browser prompt just now
 * - blocked: refused earlier; the browser will not ask again (site settings can undo it)
 * - unsupported: no web push here (old browser, or iOS Safari outside a home-screen app)
 * - dismissed: the soft prompt or the browser prompt was closed without a choice
 */
export type PushResult = "granted" | "denied" | "blocked" | "unsupported" | "dismissed";

export interface PushOptInOptions {
  /** The in-page prompt before the browser's; `false` goes straight to the browser prompt. */
  softPrompt?: SoftPromptOptions | false;
}

/**
 * Asks for push permission (soft prompt first) and subscribes. Rejects only on technical
 * failure (no VAPID key, push service error, the server refused the subscription).
 */
export async function optIn(host: Host, o: PushOptInOptions = {}): Promise<PushResult> {
  const result = await decide(host, o);
  if (result == "granted") {
    await subscribe(host);
    follow(host);
  }
  // "Push Permission Granted", "… Denied" (the seed engagement journey scores it), "… Blocked", ...
  void host.track(`Push Permission ${result[0]!.toUpperCase()}${result.slice(1)}`, { result });
  return result;
}

async function decide(host: Host, o: PushOptInOptions): Promise<PushResult> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission == "denied") return "blocked";
  if (Notification.permission == "granted") return "granted";
  if (o.softPrompt !== false && !(await softPrompt(host, o.softPrompt))) return "dismissed";
  const p = await Notification.requestPermission();
  return p == "granted" ? "granted" : p == "denied" ? "denied" : "dismissed";
}

/** Re-sends the subscription if it (or the user it belongs to) changed; subscribes if it is gone. */
async function check(host: Host): Promise<void> {
  const sub = await (await register(host)).pushManager.getSubscription();
  await (sub ? sync(host, sub) : subscribe(host));
}

let following = false;

/** The subscription follows the user: identify() and reset() re-send it. */
function follow(host: Host): void {
  if (following) return;
  following = true;
  host.on("identity", () => void check(host).catch((e: unknown) => console.warn("nudge:", e)));
}

/** On load after an earlier opt-in (while permission stays granted). */
export async function resume(host: Host): Promise<void> {
  if (!pushSupported() || Notification.permission != "granted") return;
  follow(host);
  await check(host);
}
