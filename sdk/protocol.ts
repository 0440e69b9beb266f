/**
 * Wire format between the browser SDK (sdk/, overlays/, the service worker) and the Worker.
 * TYPES ONLY: the Worker may `import type` from here; nothing in this file emits code.
 * Every union is tagged with `type`. docs/sdk.md documents each shape with examples.
 */

/** JSON-serialisable value carried in properties and traits. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Properties = Record<string, Json | undefined>;

/** Segment-spec context the SDK attaches to every event. */
export interface EventContext {
  library: { name: "nudge.js"; version: string };
  page: PageInfo;
  userAgent: string;
  locale: string;
  timezone: string;
}

export interface PageInfo {
  path: string;
  referrer: string;
  search: string;
  title: string;
  url: string;
}

interface EventBase {
  /** uuid v4, fixed when the call is made; retries resend the same id and the server dedups on it. */
  messageId: string;
  /** ISO time of the call. */
  timestamp: string;
  /** ISO time of the (latest) send attempt. */
  sentAt?: string;
  /** At least one of anonymousId and userId is set. The browser SDK always sets anonymousId. */
  anonymousId?: string;
  userId?: string;
  /** HMAC-SHA256(userId, workspace secret) when identity verification is on. */
  userHash?: string;
  /** Full in page events; the service worker sends only `library`. */
  context?: Partial<EventContext>;
}

/** One Segment-spec event as POSTed inside `/v1/batch`. */
export type NudgeEvent =
  | (EventBase & { type: "track"; event: string; properties: Properties })
  | (EventBase & { type: "identify"; traits: Properties })
  | (EventBase & { type: "page"; name?: string; properties: Properties })
  | (EventBase & { type: "alias"; previousId: string });

/**
 * `POST /v1/batch` body. Sent as `Content-Type: text/plain` (a CORS "simple request": no preflight,
 * and `keepalive`/`sendBeacon` work cross-origin), so the Worker must parse the JSON whatever the
 * content type says. The write key is in the body (Segment also allows HTTP Basic).
 */
export interface BatchBody {
  batch: NudgeEvent[];
  sentAt: string;
  writeKey: string;
}

/** Who is asking: query string of `GET /v1/inbox`, `GET /v1/connect`; body fields elsewhere. */
export interface Caller {
  writeKey: string;
  anonymousId: string;
  userId?: string;
  userHash?: string;
}

// ---------------------------------------------------------------------------------------------
// In-app messages and web overlays (Worker → SDK over `GET /v1/connect` or `GET /v1/inbox`)

export type Layout = "modal" | "banner" | "slide_in" | "fullscreen";

export interface Button {
  id: string;
  label: string;
  /** Opened in the same tab when clicked; no url = just close. Only http(s) and relative urls. */
  url?: string;
  /** "primary" (default for the first button) or "secondary". */
  style?: "primary" | "secondary";
}

export type Survey =
  | { type: "nps"; question: string; lowLabel?: string; highLabel?: string }
  | { type: "csat"; question: string }
  | { type: "question"; question: string; options?: string[]; placeholder?: string };

/** When a pending message may show. Every rule given must hold (AND); none = show at once. */
export interface DisplayRules {
  /** Time on the current page (since load, SPA navigation or arrival, whichever is last). */
  delayMs?: number;
  /** Show when the pointer leaves the window through the top edge (desktop). */
  exitIntent?: boolean;
  /** Percent (0–100) of the page scrolled on the current page. */
  scrollDepth?: number;
  /** Glob patterns (`*` = anything) on the path (or the full URL when a pattern starts with http). */
  urls?: string[];
  excludeUrls?: string[];
}

/** An in-app message or web overlay; `channel` says which, the SDK renders both the same way. */
export interface MessageFrame {
  type: "message";
  /** Delivery id: unique per user and delivery; used in `/v1/messages/{id}/events` and events. */
  id: string;
  channel?: "in_app" | "web_overlay";
  journey?: string;
  template?: string;
  layout: Layout;
  title?: string;
  /** Plain text unless `html: true`; markup is sanitized (no script, no handlers, no styles). */
  body?: string;
  html?: boolean;
  imageUrl?: string;
  buttons?: Button[];
  survey?: Survey;
  rules?: DisplayRules;
  /** Higher shows first; default 0. */
  priority?: number;
  /** ISO time after which the message is dropped unshown. */
  expiresAt?: string;
}

/** Withdraws a pending (or showing) message. */
export interface RevokeFrame {
  type: "revoke";
  id: string;
}

export interface PingFrame {
  type: "ping";
}

/** Frames the Worker sends on the `/v1/connect` WebSocket (JSON text frames). */
export type ServerFrame = MessageFrame | RevokeFrame | PingFrame;

/** Frames the SDK sends on the WebSocket. `ack` = received (not yet shown). */
export type ClientFrame = { type: "pong" } | { type: "ack"; id: string };

/** `GET /v1/inbox?writeKey&anonymousId&userId&userHash` → pending messages. */
export interface InboxResponse {
  messages: MessageFrame[];
}

/**
 * `POST /v1/messages/{id}/events`: updates the message log (status, inbox). It does not create a
 * user event: those arrive through `/v1/batch` ("In-App Shown", "Push Clicked", ...).
 */
export interface MessageEventBody extends Caller {
  type: "shown" | "clicked" | "dismissed" | "answered";
  at: string;
  channel: "in_app" | "web_overlay" | "web_push";
  buttonId?: string;
  answer?: Json;
}

// ---------------------------------------------------------------------------------------------
// Web push

/** `GET /v1/push/vapid-public-key?writeKey` → the workspace VAPID public key (base64url, 65 bytes). */
export interface VapidKeyResponse {
  publicKey: string;
}

/** `POST /v1/push/subscriptions`: store (or replace, when `oldEndpoint` is given) a subscription. */
export interface PushSubscriptionBody extends Partial<Caller> {
  writeKey: string;
  subscription: { endpoint: string; expirationTime: number | null; keys: { p256dh: string; auth: string } };
  oldEndpoint?: string;
}

/**
 * The JSON payload the Worker encrypts into a Web Push message. The service worker handles
 * payloads with `type: "push"` only, so it can share a site's own service worker.
 */
export interface PushPayload {
  type: "push";
  id: string;
  title: string;
  body?: string;
  url?: string;
  icon?: string;
  image?: string;
  badge?: string;
  tag?: string;
  requireInteraction?: boolean;
  actions?: { action: string; title: string; url?: string }[];
  /** Whom it was sent to, so the SW can send "Push Shown/Clicked/Dismissed" events. */
  user?: { userId?: string; anonymousId?: string };
}

// ---------------------------------------------------------------------------------------------
// Geofences

export interface Geofence {
  id: string;
  name: string;
  lat: number;
  lng: number;
  /** Metres. */
  radius: number;
  /** Time inside before "Geofence Entered" fires; default from the SDK (10 s). */
  dwellMs?: number;
}

/** `GET /v1/geofences?writeKey` → the workspace's fences. */
export interface GeofencesResponse {
  geofences: Geofence[];
}
