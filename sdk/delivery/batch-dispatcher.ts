/**
 * Delivers queued events to `POST /v1/batch`: batches by count and bytes, retries with backoff
 * (honouring Retry-After), holds while offline, and on page hide sends what this tab added with a
 * keepalive request. An event leaves the store only after a 2xx or a permanent 4xx, so a crash or
 * an unload can resend it (same messageId: the server dedups), never lose it.
 */
import type { BatchBody, NudgeEvent } from "../protocol.ts";
import { backoff, parseRetryAfter } from "./backoff.ts";
import type { EventStore } from "./event-store.ts";
import { isPermanent, post } from "./http.ts";

/** Under Chrome's 64 KB budget for in-flight keepalive bodies. */
const MAX_BATCH_BYTES = 60_000;
const MAX_BATCH_EVENTS = 100;
const MAX_EVENT_BYTES = 32_000;
const enc = new TextEncoder();

export interface DispatcherOptions {
  writeKey: string;
  flushAt: number;
  flushInterval: number;
  maxQueue: number;
}

/** Splits `items` into the first batch that fits and the events too big to ever send. */
export function fitBatch(items: readonly NudgeEvent[]): { batch: NudgeEvent[]; tooBig: string[] } {
  const batch: NudgeEvent[] = [];
  const tooBig: string[] = [];
  let bytes = 100;
  for (const e of items) {
    const n = enc.encode(JSON.stringify(e)).length + 40;
    if (n > MAX_EVENT_BYTES) tooBig.push(e.messageId);
    else if (bytes + n > MAX_BATCH_BYTES || batch.length == MAX_BATCH_EVENTS) break;
    else (bytes += n), batch.push(e);
  }
  return { batch, tooBig };
}

export class Dispatcher {
  #url: string;
  #o: DispatcherOptions;
  #store: Promise<EventStore>;
  /** Added by this tab and not yet confirmed: what page hide sends. */
  #mine: NudgeEvent[] = [];
  #inflight = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = Infinity;
  #retryAt = 0;
  #attempt = 0;
  #busy: Promise<void> | undefined;

  constructor(url: string, o: DispatcherOptions, store: Promise<EventStore>) {
    this.#url = url;
    this.#o = o;
    this.#store = store;
    addEventListener("online", () => {
      this.#retryAt = this.#attempt = 0;
      void this.flush();
    });
  }

  /** Persists `event` and schedules a send; resolves once it is stored. */
  async add(event: NudgeEvent): Promise<void> {
    const { maxQueue } = this.#o;
    if (this.#mine.push(event) > maxQueue) this.#mine.shift();
    const dropped = await (await this.#store).put(event, maxQueue);
    if (dropped) console.warn(`nudge: queue full (${maxQueue} events), dropped the ${dropped} oldest`);
    this.schedule(this.#mine.length >= this.#o.flushAt ? 0 : this.#o.flushInterval);
  }

  /** Flushes in `ms`, unless a flush is due sooner; never before a pending retry time. */
  schedule(ms: number): void {
    const due = Math.max(Date.now() + ms, this.#retryAt);
    if (due >= this.#due) return;
    clearTimeout(this.#timer);
    this.#due = due;
    this.#timer = setTimeout(() => {
      this.#due = Infinity;
      void this.flush();
    }, due - Date.now());
  }

  /** Sends everything stored (one tab at a time, via a Web Lock); concurrent calls share one run. */
  flush(): Promise<void> {
    return (this.#busy ??= this.#drain().finally(() => (this.#busy = undefined)));
  }

  async #drain(): Promise<void> {
    if (!navigator.onLine) return; // the "online" listener flushes
    // Timers may fire a millisecond early: wait for the retry time rather than dropping the turn.
    if (Date.now() < this.#retryAt) return this.schedule(0);
    const work = async (): Promise<void> => {
      while (await this.#sendOne());
    };
    await (navigator.locks ? navigator.locks.request("nudge-flush", work) : work());
  }

  /** Sends one batch; true when it went through and more may wait. */
  async #sendOne(): Promise<boolean> {
    const store = await this.#store;
    const items = (await store.oldest(MAX_BATCH_EVENTS + this.#inflight.size)).filter((e) => !this.#inflight.has(e.messageId));
    const { batch, tooBig } = fitBatch(items);
    if (tooBig.length) {
      console.warn(`nudge: dropped ${tooBig.length} events over ${MAX_EVENT_BYTES} bytes`);
      await this.#forget(store, tooBig);
    }
    if (!batch.length) return tooBig.length > 0;
    const ids = batch.map((e) => e.messageId);
    let res: Response | undefined;
    try {
      ids.forEach((id) => this.#inflight.add(id));
      res = await post(this.#url, this.#body(batch), false);
    } catch {
      /* offline or timed out: retried below */
    } finally {
      ids.forEach((id) => this.#inflight.delete(id));
    }
    if (res && (res.ok || isPermanent(res.status))) {
      if (!res.ok) console.warn(`nudge: /v1/batch answered ${res.status}; dropped ${ids.length} events`);
      this.#attempt = 0;
      await this.#forget(store, ids);
      return true;
    }
    const wait = backoff(++this.#attempt, Math.random(), {}, parseRetryAfter(res?.headers.get("retry-after") ?? null, Date.now()));
    this.#retryAt = Date.now() + wait;
    this.schedule(wait);
    return false;
  }

  async #forget(store: EventStore, ids: string[]): Promise<void> {
    this.#mine = this.#mine.filter((e) => !ids.includes(e.messageId));
    await store.del(ids);
  }

  #body(batch: NudgeEvent[]): string {
    const sentAt = new Date().toISOString();
    return JSON.stringify({ batch: batch.map((e) => ({ ...e, sentAt })), sentAt, writeKey: this.#o.writeKey } satisfies BatchBody);
  }

  /**
   * Page is hiding: send this tab's unconfirmed events now, synchronously, with keepalive (or
   * sendBeacon where keepalive is missing). They stay stored until the answer arrives.
   */
  unload(): void {
    const { batch } = fitBatch(this.#mine.filter((e) => !this.#inflight.has(e.messageId)));
    if (!batch.length || !navigator.onLine) return;
    const ids = batch.map((e) => e.messageId);
    const body = this.#body(batch);
    ids.forEach((id) => this.#inflight.add(id));
    if (!("keepalive" in Request.prototype) && navigator.sendBeacon) {
      navigator.sendBeacon(this.#url, body);
      return;
    }
    post(this.#url, body, true)
      .then(async (res) => {
        if (res.ok || isPermanent(res.status)) await this.#forget(await this.#store, ids);
      })
      .catch(() => {})
      .finally(() => ids.forEach((id) => this.#inflight.delete(id)));
  }
}
