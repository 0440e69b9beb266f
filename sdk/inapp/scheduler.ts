/**
 * Decides when pending in-app messages show: one at a time, by priority, under their display
 * rules, across SPA navigations; loads the overlays chunk on the first show; tracks what the user
 * does with each message (events through the queue, status through /v1/messages/{id}/events).
 */
import { IN_APP_EVENTS, SURVEY_ANSWERED } from "../engagement-events.ts";
import type { Host } from "../plugin.ts";
import type { Button, MessageEventBody, MessageFrame, Properties } from "../protocol.ts";
import { isExpired, pickNext, type PageState, type Pending } from "./rules.ts";

const SEEN_KEY = "seen";
const SEEN_MAX = 200;

export class Scheduler {
  #host: Host;
  #pending: Pending[] = [];
  #showing: { id: string; close: () => void } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #page: PageState;

  constructor(host: Host) {
    this.#host = host;
    this.#page = this.#fresh(performance.timeOrigin);
    host.on("navigate", () => {
      this.#page = this.#fresh(Date.now());
      this.#check();
    });
    addEventListener("scroll", () => this.#set("scroll", Math.max(this.#page.scroll, scrolled())), { passive: true });
    document.addEventListener("mouseout", (e) => {
      if (!e.relatedTarget && e.clientY <= 0) this.#set("exitIntent", true);
    });
  }

  /** Queues `m` unless it was already seen, is pending or has expired. */
  add(m: MessageFrame): void {
    const now = Date.now();
    if (this.#seen().includes(m.id) || this.#showing?.id == m.id || this.#pending.some((p) => p.message.id == m.id) || isExpired(m, now)) return;
    this.#pending.push({ message: m, at: now });
    this.#check();
  }

  /** Withdraws `id`, closing it if it is showing. */
  revoke(id: string): void {
    this.#pending = this.#pending.filter((p) => p.message.id != id);
    if (this.#showing?.id == id) this.#showing.close();
  }

  /** Ids of messages already shown in this browser (the last 200). */
  #seen(): string[] {
    return this.#host.get<string[]>(SEEN_KEY, []);
  }

  #fresh(since: number): PageState {
    const { href, pathname: path, search } = location;
    return { href, path, search, since, scroll: scrolled(), exitIntent: false };
  }

  #set<K extends "scroll" | "exitIntent">(k: K, v: PageState[K]): void {
    if (this.#page[k] === v) return;
    this.#page[k] = v;
    this.#check();
  }

  #check(): void {
    clearTimeout(this.#timer);
    if (this.#showing) return;
    const now = Date.now();
    this.#pending = this.#pending.filter((p) => !isExpired(p.message, now));
    const { next, wait } = pickNext(this.#pending, this.#page, now);
    if (next) void this.#show(next.message);
    else if (wait < Infinity) this.#timer = setTimeout(() => this.#check(), wait);
  }

  async #show(m: MessageFrame): Promise<void> {
    this.#pending = this.#pending.filter((p) => p.message.id != m.id);
    this.#host.set(SEEN_KEY, [...this.#seen(), m.id].slice(-SEEN_MAX));
    let unmount = (): void => {};
    const close = (): void => {
      if (this.#showing?.id != m.id) return;
      unmount();
      this.#showing = undefined;
      this.#check();
    };
    this.#showing = { id: m.id, close };
    const report = (type: MessageEventBody["type"], event: string, props: Properties = {}, extra: Partial<MessageEventBody> = props): Promise<void> => {
      const channel = m.channel ?? "in_app";
      const body = { ...extra, type, at: new Date().toISOString(), channel };
      this.#host.api(`/v1/messages/${encodeURIComponent(m.id)}/events`, body, true).catch(() => {});
      return this.#host.track(event, { messageId: m.id, channel, journey: m.journey, template: m.template, layout: m.layout, ...props });
    };
    try {
      const { mount } = await this.#host.load("overlays");
      if (this.#showing?.id != m.id) return; // revoked while loading
      unmount = mount(m, {
        onButton: (b: Button) => {
          close();
          const url = b.url ? new URL(b.url, location.href) : undefined;
          void report("clicked", IN_APP_EVENTS.clicked, { buttonId: b.id, url: b.url }, { buttonId: b.id }).then(() => {
            // Only web URLs: a javascript: URL from a compromised template must not run.
            if (url && /^https?:$/.test(url.protocol)) location.assign(url.href);
          });
        },
        onDismiss: () => {
          close();
          void report("dismissed", IN_APP_EVENTS.dismissed);
        },
        onAnswer: (a) => {
          const { survey } = m;
          void report("answered", SURVEY_ANSWERED, { survey: survey?.type, question: survey?.question, ...a }, { answer: a });
          setTimeout(close, 1500);
        },
      });
      void report("shown", IN_APP_EVENTS.shown);
    } catch (e) {
      console.warn("nudge: could not show message", e);
      close();
    }
  }
}

/** How far down the page the viewport reaches, percent. */
function scrolled(): number {
  const h = document.documentElement.scrollHeight;
  return h ? Math.min(100, ((scrollY + innerHeight) / h) * 100) : 100;
}
