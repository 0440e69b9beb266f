/**
 * Drives a real User Durable Object in workerd with a manual clock, a fake catalog and a recording
 * performer (installed through the object's test hook, worker/user/config.ts).
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { ManualClock } from "../../../../worker/lib/clock.ts";
import { resetUserObjectDeps, setUserObjectDeps } from "../../../../worker/user/config.ts";
import { createUserStore } from "../../../../worker/user/store/user-store.ts";
import { nextWakeUp } from "../../../../worker/user/timers/wake-up.ts";
import type { UserDurableObject } from "../../../../worker/user/user-durable-object.ts";
import type { StatsDelta } from "../../../../worker/user/stats/stats-delta.ts";
import type { IngestItem, UserRef } from "../../../../worker/user/types.ts";
import { FakeCatalog } from "./fake-catalog.ts";
import { RecordingPerformer, type Scripted } from "./recording-performer.ts";

export const WORKSPACE = "test-ws";
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let counter = 0;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: string;
}

export interface Harness {
  clock: ManualClock;
  catalog: FakeCatalog;
  performer: RecordingPerformer;
  /** Stats deltas the object emitted, in order. */
  stats: StatsDelta[];
  /** Requests made through the object's fetch (fetch_data, webhooks). */
  requests: RecordedRequest[];
  /** What the object's fetch answers (default: 200 {"items":[]}). */
  respond: (request: Request) => Response | Promise<Response>;
  ref: UserRef;
  stub: DurableObjectStub<UserDurableObject>;
  /** Sends one call (defaults: messageId unique, timestamp = now) and waits for its outbox work. */
  send(item: Partial<IngestItem> & { type: IngestItem["type"] }): ReturnType<UserDurableObject["ingest"]>;
  track(event: string, properties?: Record<string, unknown>): ReturnType<UserDurableObject["ingest"]>;
  identify(traits: Record<string, unknown>): ReturnType<UserDurableObject["ingest"]>;
  /**
   * Moves the clock forward and runs the alarm if one is armed, then waits for its outbox work and
   * stats (as `send` does); returns whether an alarm ran. An alarm may be armed earlier than
   * anything is due (timers/lazy-alarm.ts): use `wakeUp` to ask what is due.
   */
  advance(ms: number): Promise<boolean>;
  /** Runs the alarm now (without moving the clock), then waits as `advance` does. */
  alarm(): Promise<boolean>;
  /** The earliest due time the object knows of (timers, outbox, segment windows, stats), or null. */
  wakeUp(): Promise<number | null>;
  /** Sent message templates, in order. */
  sentTemplates(): Promise<string[]>;
  /** A fresh stub to the same object (after a simulated crash, the old stub stays broken). */
  reconnect(): void;
  /** Reads the object's SQLite directly. */
  sql<T extends Record<string, SqlStorageValue>>(query: string, ...params: (string | number | null)[]): Promise<T[]>;
}

/** A fresh user (unique object name) at `start` with its own catalog and performer. */
export function harness(start: string, script: Scripted[] = []): Harness {
  const clock = new ManualClock(Date.parse(start));
  const catalog = new FakeCatalog();
  const performer = new RecordingPerformer(script);
  const stats: StatsDelta[] = [];
  const requests: RecordedRequest[] = [];
  setUserObjectDeps({
    clock,
    catalog: () => catalog,
    performer: () => performer,
    stats: () => async (deltas) => void stats.push(...deltas),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const body = await request.clone().text();
      requests.push({ method: request.method, url: request.url, headers: new Headers(request.headers), body });
      return h.respond(request);
    },
  });
  counter += 1;
  const userId = `user-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const ref: UserRef = { workspace: WORKSPACE, userId };
  const name = `${WORKSPACE}:${userId}`;
  let stub = env.USERS.getByName(name);
  let seq = 0;
  const h: Harness = {
    clock,
    catalog,
    performer,
    stats,
    requests,
    respond: () => Response.json({ items: [] }),
    ref,
    stub,
    send: async (item) => {
      seq += 1;
      const results = await stub.ingest(ref, [{ messageId: `m-${seq}`, timestamp: clock.now(), userId, ...item }]);
      await stub.flush();
      return results;
    },
    track: (event, properties = {}) => h.send({ type: "track", event, properties }),
    identify: (traits) => h.send({ type: "identify", traits }),
    reconnect: () => {
      stub = env.USERS.getByName(name);
      h.stub = stub;
    },
    advance: async (ms) => {
      clock.advance(ms);
      const ran = await runDurableObjectAlarm(stub);
      await stub.flush();
      return ran;
    },
    alarm: async () => {
      const ran = await runDurableObjectAlarm(stub);
      await stub.flush();
      return ran;
    },
    wakeUp: () => runInDurableObject(stub, (_o, state) => nextWakeUp(createUserStore(state.storage))),
    sentTemplates: async () => (await stub.getMessages()).filter((m) => m.status === "sent").map((m) => m.template),
    sql: <T extends Record<string, SqlStorageValue>>(query: string, ...params: (string | number | null)[]) =>
      runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<T>(query, ...params).toArray()),
  };
  return h;
}

export { resetUserObjectDeps };
