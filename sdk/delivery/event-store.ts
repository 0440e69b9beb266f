/**
 * The persisted outgoing queue: events in IndexedDB (via idb), oldest first by timestamp, shared
 * by every tab of the site and surviving reloads and offline periods. Falls back to memory when
 * IndexedDB is unavailable (then the queue lives as long as the page).
 */
import { openDB, type DBSchema } from "idb";
import type { NudgeEvent } from "../protocol.ts";

export interface EventStore {
  /** Adds `event`, then drops the oldest beyond `cap`; returns how many were dropped. */
  put(event: NudgeEvent, cap: number): Promise<number>;
  /** Up to `count` events, oldest first. */
  oldest(count: number): Promise<NudgeEvent[]>;
  del(messageIds: string[]): Promise<void>;
}

interface Schema extends DBSchema {
  queue: { key: string; value: NudgeEvent; indexes: { ts: string } };
}

const byTime = (a: NudgeEvent, b: NudgeEvent): number => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0);

/** Opens (creating on first use) the `nudge` database; memory store when IndexedDB fails. */
export async function openEventStore(name = "nudge"): Promise<EventStore> {
  try {
    const db = await openDB<Schema>(name, 1, {
      upgrade(d) {
        d.createObjectStore("queue", { keyPath: "messageId" }).createIndex("ts", "timestamp");
      },
    });
    return {
      async put(event, cap) {
        const tx = db.transaction("queue", "readwrite");
        await tx.store.put(event);
        let drop = (await tx.store.count()) - cap;
        const dropped = Math.max(0, drop);
        for (let c = await tx.store.index("ts").openCursor(); c && drop-- > 0; c = await c.continue()) await c.delete();
        await tx.done;
        return dropped;
      },
      oldest: (count) => db.getAllFromIndex("queue", "ts", null, count),
      async del(ids) {
        const tx = db.transaction("queue", "readwrite");
        await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
      },
    };
  } catch (e) {
    console.warn("nudge: IndexedDB unavailable, queue kept in memory", e);
    return memoryStore();
  }
}

/** The in-memory fallback, same contract. */
export function memoryStore(): EventStore {
  let items: NudgeEvent[] = [];
  return {
    async put(event, cap) {
      items = items.filter((e) => e.messageId != event.messageId).concat(event).sort(byTime);
      const dropped = Math.max(0, items.length - cap);
      items = items.slice(dropped);
      return dropped;
    },
    oldest: async (count) => items.slice(0, count),
    async del(ids) {
      items = items.filter((e) => !ids.includes(e.messageId));
    },
  };
}
