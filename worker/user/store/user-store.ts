/**
 * Every table of the User Durable Object behind one object. Stores are synchronous (SQLite in the
 * object), so the shell can use them inside `ctx.storage.transactionSync`.
 */
import { createSql } from "../../lib/sql.ts";
import { createDeliveryStore, type DeliveryStore } from "./delivery-store.ts";
import { createEventStore, type EventStore } from "./event-store.ts";
import { createMessageStore, type MessageStore } from "./message-store.ts";
import { createMetaStore, type MetaStore } from "./meta-store.ts";
import { migrate } from "./migrations.ts";
import { createOutboxStore, type OutboxStore } from "./outbox-store.ts";
import { createProfileStore, type ProfileStore } from "./profile-store.ts";
import { createRunStore, type RunStore } from "./run-store.ts";
import { createSegmentStore, type SegmentStore } from "./segment-store.ts";
import { createStatsStore, type StatsStore } from "./stats-store.ts";
import { createTimerStore, type TimerStore } from "./timer-store.ts";
import { createTraceStore, type TraceStore } from "./trace-store.ts";
import { createWakeStore, type WakeStore } from "./wake-store.ts";

export interface UserStore {
  profile: ProfileStore;
  events: EventStore;
  runs: RunStore;
  timers: TimerStore;
  outbox: OutboxStore;
  messages: MessageStore;
  trace: TraceStore;
  segments: SegmentStore;
  meta: MetaStore;
  /** Stats deltas waiting to be sent (migration v4). */
  stats: StatsStore;
  /** The earliest due time over all of the above (the alarm's). */
  wake: WakeStore;
  /** Push subscriptions, pending browser messages, engagement signals seen (migration v3). */
  delivery: DeliveryStore;
  /** Runs `fn` as one storage transaction (all or nothing); a rollback drops the stores' in-memory copies. */
  transaction<T>(fn: () => T): T;
  /** Applies pending migrations; idempotent. Also drops the stores' in-memory copies (it runs after an erase). */
  migrate(): { from: number; to: number };
}

export function createUserStore(storage: DurableObjectStorage): UserStore {
  const db = createSql(storage.sql);
  const profile = createProfileStore(db);
  const events = createEventStore(db);
  const meta = createMetaStore(db);
  const stats = createStatsStore(db);
  const trace = createTraceStore(db);
  // In-memory copies that must not outlive a rolled-back transaction or an erase.
  const forget = (): void => {
    profile.forget();
    events.forget();
    meta.forget();
    stats.forget();
  };
  const transaction = <T>(fn: () => T): T => {
    const mark = trace.begin();
    try {
      return storage.transactionSync(() => {
        const result = fn();
        trace.commit(mark); // the outermost transaction writes its trace lines before it commits
        return result;
      });
    } catch (error) {
      trace.abort(mark);
      forget();
      throw error;
    }
  };
  return {
    profile,
    events,
    runs: createRunStore(db),
    timers: createTimerStore(db),
    outbox: createOutboxStore(db),
    messages: createMessageStore(db),
    trace,
    segments: createSegmentStore(db),
    meta,
    stats,
    wake: createWakeStore(db),
    delivery: createDeliveryStore(storage),
    transaction,
    migrate: () => {
      forget();
      return migrate(db, transaction);
    },
  };
}
