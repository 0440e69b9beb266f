/**
 * Types shared by the channel adapters: the HTTP request an adapter builds, the answer it
 * classifies, the recipient it sends to, and the injected runtime (fetch, clock, randomness).
 */

/** A provider request exactly as it goes on the wire. */
export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

/** A provider's answer, read once. `json` is the parsed body when it is JSON, else undefined. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** How retries back off when the provider gives no Retry-After. */
export interface RetryPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** The longest delay. */
  capMs: number;
}

/** What an adapter may use besides its settings; every field has a default in `runtime()`. */
export interface DeliveryDeps {
  /** [=globalThis.fetch] */
  fetch?: Fetch;
  /** [=Date.now] epoch ms */
  now?: () => number;
  /** [=Math.random] jitter for backoff */
  random?: () => number;
  /** [=10000] per-request timeout */
  timeoutMs?: number;
  /** [={ baseMs: 5000, capMs: 3600000 }] */
  retry?: RetryPolicy;
  /** [=setTimeout] waits between in-line retries (fetch_data) */
  sleep?: (ms: number) => Promise<void>;
}

export type Runtime = Required<DeliveryDeps>;

/** Per-send facts from the outbox row. */
export interface SendContext {
  /**
   * The effect's idempotency key: sent as the provider's idempotency key where it has one, and as
   * callback metadata (`nudge_key`) where the provider echoes it (worker/webhooks/message-ref.ts).
   */
  key: string;
  /** Tries before this one (0 on the first): drives the backoff of a retry outcome. */
  attempt: number;
  /** The user it goes to (known id, else anonymous id): callback metadata `nudge_user` beside the key. */
  userId?: string | undefined;
  /**
   * The signed one-click unsubscribe link (`message.unsubscribe_url`) of a marketing send: e-mail
   * adapters add `List-Unsubscribe` / `List-Unsubscribe-Post` (RFC 8058). Absent for transactional
   * sends and while the workspace's public URL is unknown.
   */
  unsubscribeUrl?: string | undefined;
}

/** Options of one delivery call. */
export interface DeliverOptions {
  /** [=1] 1 on the first try, as the outbox counts. */
  attempt?: number | undefined;
}

/** A browser Push API subscription, as `PushSubscription.toJSON()` gives it. */
export interface WebPushSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  expirationTime?: number | null;
}

/** Who a message goes to, per channel. */
export type Recipient =
  | { channel: "email"; email: string; name?: string }
  | { channel: "sms"; phone: string }
  | { channel: "whatsapp"; phone: string }
  /** `user` travels in the payload so the service worker can report shown/clicked for this user. */
  | { channel: "web_push"; subscription: WebPushSubscription; user?: { userId?: string; anonymousId?: string } }
  | { channel: "mobile_push"; token: string }
  | { channel: "in_app" | "web_overlay"; userId: string };

export type RecipientOf<C extends Recipient["channel"]> = Extract<Recipient, { channel: C }>;

/** Fills in the defaults of `deps`. */
export function runtime(deps: DeliveryDeps = {}): Runtime {
  return {
    fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
    now: deps.now ?? Date.now,
    random: deps.random ?? Math.random,
    timeoutMs: deps.timeoutMs ?? 10_000,
    retry: deps.retry ?? { baseMs: 5_000, capMs: 3_600_000 },
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  };
}
