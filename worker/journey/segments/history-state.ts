/**
 * A compact memory of one event name's history (as read for a segment pass), to tell on the next
 * pass which events were added since: the count, the newest time with the ids at that time, and
 * an order-independent 64-bit hash of all ids. If the new history is exactly the old one plus
 * events newer than the old newest, those are the added events; anything else (events pruned by
 * retention, an event added with an earlier timestamp) is reported as "unknown change", and the
 * caller re-evaluates every rule on that name. Pure.
 */
import type { Millis, UserEvent } from "../types.ts";

export interface HistoryState {
  count: number;
  /** Time of the newest event (-Infinity when none). */
  lastAt: Millis;
  /** Ids of the events at `lastAt`. */
  idsAtLast: ReadonlySet<string>;
  /** Sum of the ids' hashes, two 32-bit lanes. */
  hashA: number;
  hashB: number;
}

/** Two 32-bit hashes of `id` (cyrb53's mixing), added into `into`. */
function addHash(id: string, into: { a: number; b: number }): void {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  into.a = (into.a + (h1 >>> 0)) >>> 0;
  into.b = (into.b + (h2 >>> 0)) >>> 0;
}

const idOf = (event: UserEvent): string => event.id ?? `${event.at}`;

/** The state of `events` (ascending by time, as the event store lists them). */
export function historyState(events: readonly UserEvent[]): HistoryState {
  const hash = { a: 0, b: 0 };
  for (const event of events) addHash(idOf(event), hash);
  const lastAt = events[events.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
  const idsAtLast = new Set<string>();
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event === undefined || event.at !== lastAt) break;
    idsAtLast.add(idOf(event));
  }
  return { count: events.length, lastAt, idsAtLast, hashA: hash.a, hashB: hash.b };
}

/**
 * The events in `events` that were added since `before` was taken, or null when the history
 * changed in another way too (then any rule on the name may have changed).
 * @example addedSince(historyState([a, b]), [a, b, c]) // [c]
 */
export function addedSince(before: HistoryState, after: HistoryState, events: readonly UserEvent[]): UserEvent[] | null {
  const added: UserEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i];
    if (event === undefined || event.at < before.lastAt) break;
    if (event.at > before.lastAt || !before.idsAtLast.has(idOf(event))) added.push(event);
  }
  if (after.count !== before.count + added.length) return null;
  const expected = { a: before.hashA, b: before.hashB };
  for (const event of added) addHash(idOf(event), expected);
  return expected.a === after.hashA && expected.b === after.hashB ? added.reverse() : null;
}
