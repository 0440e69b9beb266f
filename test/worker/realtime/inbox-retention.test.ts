/**
 * The inbox (`pending_messages`) stays bounded: every delivery to the browser prunes expired rows,
 * rows the browser reported more than 7 days ago, and everything beyond the newest 500, while
 * messages that can still be shown stay and a reported one is not shown again within the week.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { MessageFrame } from "../../../worker/channels/message-frame.ts";
import type { PendingStatus } from "../../../worker/user/store/pending-message-store.ts";
import { createUserStore } from "../../../worker/user/store/user-store.ts";
import { createBrowserRealtime, type BrowserRealtime } from "../../../worker/user/realtime/browser-realtime.ts";
import { INBOX_HANDLED_RETENTION_MS, INBOX_RETENTION_ROWS } from "../../../worker/user/realtime/inbox-retention.ts";
import type { UserStore } from "../../../worker/user/store/user-store.ts";

const T0 = Date.parse("2026-05-04T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const frame = (id: string, expiresAt: number): MessageFrame => ({ type: "message", id, channel: "in_app", layout: "modal", title: id, expiresAt: new Date(expiresAt).toISOString() });

let seq = 0;
/** Runs `fn` inside a fresh user object, with its store and its browser side. */
async function inObject<T>(fn: (rt: BrowserRealtime, store: UserStore, keys: () => string[]) => T): Promise<T> {
  seq += 1;
  const stub = env.USERS.getByName(`demo:inbox-retention-${seq}`);
  return runInDurableObject(stub, (_instance, state) => {
    const store = createUserStore(state.storage);
    store.migrate();
    const keys = () => state.storage.sql.exec<{ key: string }>("SELECT key FROM pending_messages ORDER BY key").toArray().map((r) => r.key);
    return fn(createBrowserRealtime(state, store), store, keys);
  });
}

describe("inbox retention", () => {
  it("drops a message once it has expired, at the next delivery, and keeps the ones that can still show", async () => {
    const left = await inObject((rt, _store, keys) => {
      rt.deliver(frame("flash-1h", T0 + HOUR), T0);
      rt.deliver(frame("welcome-7d", T0 + 7 * DAY), T0);
      rt.deliver(frame("next", T0 + 7 * DAY), T0 + 2 * HOUR);
      return keys();
    });
    expect(left).toEqual(["next", "welcome-7d"]);
  });

  it.each<[PendingStatus]>([["shown"], ["clicked"], ["dismissed"], ["answered"]])(
    "keeps a %s message 7 days after the report (a replayed send is not shown again), then drops it",
    async (status) => {
      const result = await inObject((rt, store, keys) => {
        rt.deliver(frame("offer", T0 + 30 * DAY), T0);
        store.delivery.inbox.setStatus("offer", status, T0 + HOUR);
        const reported = T0 + HOUR;
        rt.deliver(frame("a", T0 + 30 * DAY), reported + INBOX_HANDLED_RETENTION_MS - 1);
        const replay = rt.deliver(frame("offer", T0 + 30 * DAY), reported + INBOX_HANDLED_RETENTION_MS - 1);
        const within = keys();
        rt.deliver(frame("b", T0 + 30 * DAY), reported + INBOX_HANDLED_RETENTION_MS + 1);
        return { replay, within, after: keys() };
      });
      expect(result.replay).toEqual({ type: "sent", providerId: "offer", detail: "browser (already handled)" });
      expect(result.within).toEqual(["a", "offer"]);
      expect(result.after).toEqual(["a", "b"]);
    },
  );

  it("never drops a pending, unexpired message for its age alone", async () => {
    const left = await inObject((rt, _store, keys) => {
      rt.deliver(frame("long-lived", T0 + 60 * DAY), T0);
      rt.deliver(frame("later", T0 + 60 * DAY), T0 + 59 * DAY);
      return keys();
    });
    expect(left).toEqual(["later", "long-lived"]);
  });

  it(`keeps at most ${INBOX_RETENTION_ROWS} rows, the oldest going first`, async () => {
    const result = await inObject((rt, _store, keys) => {
      const id = (i: number) => `m${String(i).padStart(4, "0")}`;
      for (let i = 0; i < INBOX_RETENTION_ROWS + 5; i++) rt.deliver(frame(id(i), T0 + 30 * DAY), T0 + i * 1000);
      const all = keys();
      return { count: all.length, first: all[0], last: all.at(-1), inbox: rt.inbox(T0 + DAY).length };
    });
    expect(result).toEqual({ count: INBOX_RETENTION_ROWS, first: "m0005", last: `m${String(INBOX_RETENTION_ROWS + 4).padStart(4, "0")}`, inbox: INBOX_RETENTION_ROWS });
  });
});
