/** Pure helpers of the service worker: what a push payload shows, where a click goes, what it tracks. */
import { PUSH_EVENTS } from "../engagement-events.ts";
import type { NudgeEvent, PushPayload } from "../protocol.ts";

/** Notification options, including the Chromium-only `actions` and `image` the DOM lib omits. */
export type ShowOptions = NotificationOptions & { actions?: { action: string; title: string }[]; image?: string };

/** The payload when it is a Nudge push (`type: "push"`, string id and title), else undefined. */
export function parsePayload(raw: unknown): PushPayload | undefined {
  if (!raw || typeof raw != "object") return undefined;
  const p: Partial<PushPayload> = raw;
  return p.type == "push" && typeof p.id == "string" && typeof p.title == "string" ? { ...p, type: "push", id: p.id, title: p.title } : undefined;
}

export function notificationOptions(p: PushPayload): ShowOptions {
  return {
    body: p.body,
    icon: p.icon,
    image: p.image,
    badge: p.badge,
    tag: p.tag,
    requireInteraction: p.requireInteraction,
    actions: p.actions?.map(({ action, title }) => ({ action, title })),
    data: { nudge: p },
  };
}

/** Absolute http(s) URL to open for a click on the body (`action` "") or a button; null = none. */
export function clickTarget(p: PushPayload, action: string, origin: string): string | null {
  const raw = (action && p.actions?.find((a) => a.action == action)?.url) || p.url;
  if (!raw) return null;
  try {
    const u = new URL(raw, origin);
    return /^https?:$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** A push moment the service worker reports: `dismissed` = closed without a click. */
export type PushMoment = keyof typeof PUSH_EVENTS;

/**
 * The `/v1/batch` track call for `moment` ("Push Shown" / "Push Clicked" / "Push Dismissed"), or
 * undefined when the payload names no user. Its messageId is fixed (`<id>:<moment>`), so a
 * repeated report is deduplicated by the server.
 */
export function pushEvent(p: PushPayload, moment: PushMoment, at: string, action?: string): NudgeEvent | undefined {
  const u = p.user;
  if (!u?.userId && !u?.anonymousId) return undefined;
  const properties = { messageId: p.id, channel: "web_push", action: action || undefined };
  return { type: "track", event: PUSH_EVENTS[moment], properties, ...u, messageId: `${p.id}:${moment}`, timestamp: at, sentAt: at, context: { library: { name: "nudge.js", version: "sw" } } };
}
