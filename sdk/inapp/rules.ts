/** Display rules for pending messages (see DisplayRules in protocol.ts). Pure. */
import type { MessageFrame } from "../protocol.ts";

/** What the rules look at on the current page. */
export interface PageState {
  href: string;
  path: string;
  search: string;
  /** When the current page started (load or SPA navigation), epoch ms. */
  since: number;
  /** Deepest scroll on this page, percent. */
  scroll: number;
  exitIntent: boolean;
}

export interface Pending {
  message: MessageFrame;
  /** Epoch ms the message arrived. */
  at: number;
}

const esc = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/**
 * Glob match, `*` = any run of characters. A pattern starting with http matches the full URL,
 * one with "?" the path and query, any other the path.
 * @example urlMatches("/products/*", page) // true on /products/tee-42
 */
export function urlMatches(pattern: string, s: Pick<PageState, "href" | "path" | "search">): boolean {
  const target = /^https?:/.test(pattern) ? s.href : pattern.includes("?") ? s.path + s.search : s.path;
  return new RegExp(`^${pattern.split("*").map(esc).join(".*")}$`).test(target);
}

export const isExpired = (m: MessageFrame, now: number): boolean => !!m.expiresAt && Date.parse(m.expiresAt) <= now;

/**
 * Milliseconds until `p` may show: 0 = now, Infinity = not under the current state (a wrong
 * page, no exit intent or scroll yet, expired). The delay counts from the page start or the
 * arrival, whichever is later.
 */
export function waitFor(p: Pending, s: PageState, now: number): number {
  const r = p.message.rules ?? {};
  const on = (list?: string[]): boolean => !!list?.some((u) => urlMatches(u, s));
  if (isExpired(p.message, now) || (r.urls?.length && !on(r.urls)) || on(r.excludeUrls)) return Infinity;
  if ((r.exitIntent && !s.exitIntent) || (r.scrollDepth && s.scroll < r.scrollDepth)) return Infinity;
  return Math.max(0, Math.max(s.since, p.at) + (r.delayMs ?? 0) - now);
}

/**
 * The message to show now (highest priority, then earliest arrival), else how long until one
 * may be ready (Infinity when only a trigger can make one ready).
 */
export function pickNext(pending: readonly Pending[], s: PageState, now: number): { next?: Pending; wait: number } {
  let next: Pending | undefined;
  let wait = Infinity;
  for (const p of pending) {
    const w = waitFor(p, s, now);
    if (w > 0) wait = Math.min(wait, w);
    else if (!next || (p.message.priority ?? 0) > (next.message.priority ?? 0)) next = p;
  }
  return { next, wait };
}
