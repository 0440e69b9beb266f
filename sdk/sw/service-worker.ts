/**
 * Nudge service worker (public/sdk/nudge-sw.js): shows Nudge pushes, opens their URL on click,
 * and reports shown/clicked/dismissed to the API. Config comes from its own query string
 * (`?writeKey=&apiHost=`, set by the SDK) or from `self.nudgeConfig`. To merge it into a site's own
 * service worker: `self.nudgeConfig = { writeKey, apiHost }; importScripts(".../sdk/nudge-sw.js")`.
 * Payloads without `type: "push"` are left to the site's handlers.
 */
import type { MessageEventBody, PushPayload } from "../protocol.ts";
import { clickTarget, notificationOptions, parsePayload, pushEvent, type PushMoment } from "./notification.ts";

declare const self: ServiceWorkerGlobalScope & { nudgeConfig?: { writeKey: string; apiHost?: string } };

const q = new URL(self.location.href).searchParams;
const writeKey = self.nudgeConfig?.writeKey ?? q.get("writeKey") ?? "";
const apiHost = self.nudgeConfig?.apiHost ?? q.get("apiHost") ?? self.location.origin;

const post = (path: string, body: object): Promise<unknown> =>
  fetch(apiHost + path, { method: "POST", body: JSON.stringify({ writeKey, ...body }), credentials: "omit" }).catch(() => {});

/** Message-log status, plus a user event when the payload says whom it was for. */
function report(p: PushPayload, type: PushMoment, action?: string): Promise<unknown> {
  const at = new Date().toISOString();
  const status: Omit<MessageEventBody, "writeKey" | "anonymousId"> = { type, at, channel: "web_push", buttonId: action || undefined };
  const jobs = [post(`/v1/messages/${encodeURIComponent(p.id)}/events`, status)];
  const event = pushEvent(p, type, at, action);
  if (event) jobs.push(post("/v1/batch", { batch: [event], sentAt: at }));
  return Promise.all(jobs);
}

async function open(url: string | null): Promise<unknown> {
  if (!url) return;
  const wins = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const hit = wins.find((c) => c.url == url);
  return hit ? hit.focus() : self.clients.openWindow(url);
}

const nudgeOf = (n: Notification): PushPayload | undefined => parsePayload(n.data?.nudge);

if (/nudge-sw\.js$/.test(self.location.pathname)) {
  // Standalone only: a site that imports this file keeps its own update policy.
  self.addEventListener("install", () => void self.skipWaiting());
  self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
}

self.addEventListener("push", (e) => {
  let p: PushPayload | undefined;
  try {
    p = parsePayload(e.data?.json());
  } catch {
    return; // not JSON: not ours
  }
  if (p) e.waitUntil(Promise.all([self.registration.showNotification(p.title, notificationOptions(p)), report(p, "shown")]));
});

self.addEventListener("notificationclick", (e) => {
  const p = nudgeOf(e.notification);
  if (!p) return;
  e.notification.close();
  e.waitUntil(Promise.all([open(clickTarget(p, e.action, self.location.origin)), report(p, "clicked", e.action)]));
});

self.addEventListener("notificationclose", (e) => {
  const p = nudgeOf(e.notification);
  if (p) e.waitUntil(report(p, "dismissed"));
});

// The push service rotated the subscription: subscribe again and tell the API which one it replaces.
self.addEventListener("pushsubscriptionchange", (e) => {
  const old = e.oldSubscription;
  e.waitUntil(
    (async () => {
      const sub = e.newSubscription ?? (old ? await self.registration.pushManager.subscribe(old.options) : null);
      if (sub) await post("/v1/push/subscriptions", { subscription: sub.toJSON(), oldEndpoint: old?.endpoint });
    })(),
  );
});
