/** Segment-spec `context` for events, read from the live page. */
import type { EventContext, PageInfo } from "./protocol.ts";

/** The current page; `referrer` is the previous URL after an SPA navigation. */
export function pageInfo(referrer = document.referrer): PageInfo {
  const { pathname: path, search, href: url } = location;
  return { path, referrer, search, title: document.title, url };
}

/** Context attached to every event. */
export function browserContext(version: string, page: PageInfo): EventContext {
  return {
    library: { name: "nudge.js", version },
    page,
    userAgent: navigator.userAgent,
    locale: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}
