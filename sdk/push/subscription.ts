/**
 * The push subscription: registers the service worker (workbox-window), subscribes with the
 * workspace VAPID key, and sends the subscription to `POST /v1/push/subscriptions` whenever it
 * or the user it belongs to changed.
 */
import { Workbox } from "workbox-window";
import type { Host } from "../plugin.ts";
import type { PushSubscriptionBody, VapidKeyResponse } from "../protocol.ts";

/** base64url → bytes (VAPID keys). */
export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(s.length / 4) * 4, "="));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const sameBytes = (a: ArrayBuffer | null, b: Uint8Array): boolean => !!a && a.byteLength == b.length && new Uint8Array(a).every((x, i) => x == b[i]);

/** Registers the SW (config in its query string) and waits until it is active. */
export async function register(host: Host): Promise<ServiceWorkerRegistration> {
  const { swUrl, swScope, writeKey, apiHost } = host.options;
  const url = new URL(swUrl, location.href);
  url.searchParams.set("writeKey", writeKey);
  url.searchParams.set("apiHost", apiHost);
  const wb = new Workbox(url.href, swScope ? { scope: swScope } : {});
  const reg = await wb.register();
  if (!reg) throw new Error("nudge: service worker registration failed");
  // workbox's `active` waits for *this* registration's worker: an already active one is enough.
  if (!reg.active) await wb.active;
  return reg;
}

async function vapidKey(host: Host): Promise<string> {
  if (host.options.vapidKey) return host.options.vapidKey;
  const res = await host.api("/v1/push/vapid-public-key");
  const body: VapidKeyResponse | undefined = res.ok ? await res.json() : undefined;
  if (!body?.publicKey) throw new Error(`nudge: no VAPID key (GET /v1/push/vapid-public-key answered ${res.status})`);
  return body.publicKey;
}

/** Subscribes (re-subscribing if the VAPID key changed) and syncs the subscription. */
export async function subscribe(host: Host): Promise<PushSubscription> {
  const reg = await register(host);
  const key = fromBase64Url(await vapidKey(host));
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameBytes(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await sync(host, sub);
  return sub;
}

/** POSTs `sub` unless this exact subscription was already sent for this user. */
export async function sync(host: Host, sub: PushSubscription): Promise<void> {
  const { anonymousId, userId } = host.caller();
  const sent = host.get<string | null>("push", null);
  const mark = `${sub.endpoint} ${userId ?? anonymousId}`;
  if (sent == mark) return;
  const json = sub.toJSON();
  const body: Pick<PushSubscriptionBody, "subscription" | "oldEndpoint"> = {
    subscription: { endpoint: sub.endpoint, expirationTime: sub.expirationTime, keys: { p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" } },
    oldEndpoint: sent && !sent.startsWith(sub.endpoint + " ") ? sent.split(" ")[0] : undefined,
  };
  const res = await host.api("/v1/push/subscriptions", body);
  if (!res.ok) throw new Error(`nudge: POST /v1/push/subscriptions answered ${res.status}`);
  host.set("push", mark);
}
