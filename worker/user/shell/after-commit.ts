/**
 * What runs after an input commits, off the caller's path: the outbox is drained (sends,
 * webhooks, fetch_data), waiting stats are sent when due, the alarm is re-armed if needed, and the
 * AUDIENCE report goes out. Outbox work runs one pass at a time (a serial queue that erasing and
 * merging also hold); a crash meanwhile is covered by the alarm.
 */
import type { AudienceReporter } from "../../audience/report.ts";
import { createSerial } from "../../lib/serial.ts";
import { userObjectDeps } from "../config.ts";
import type { PerformerHost } from "../delivery/performer-host.ts";
import { drainOutbox, type DrainDeps } from "../outbox/outbox-drainer.ts";
import type { StatsDelta } from "../stats/stats-delta.ts";
import { STATS_FLUSH_MS, flushStats } from "../stats/stats-flush.ts";
import type { UserStore } from "../store/user-store.ts";
import type { LazyAlarm } from "../timers/lazy-alarm.ts";

export interface AfterCommitDeps {
  store: UserStore;
  env: Env;
  host: PerformerHost;
  alarm: LazyAlarm;
  audience: AudienceReporter;
  /** The object's name (`workspace:userId`, …), for stats and audience reports. */
  objectName(): string;
  context: DrainDeps["context"];
  deliverData: DrainDeps["deliverData"];
}

export interface AfterCommit {
  /** Starts the after-commit work in the background (the caller answers at commit). */
  start(): void;
  /** Runs it now and waits (the alarm, which must not end before its work). */
  run(): Promise<void>;
  /** Sends waiting stats if due and re-arms: an alarm that woke for stats alone (no session needed). */
  runStats(): Promise<void>;
  /** Runs `work` in the background, tracked by `flush` (e.g. best-hour votes). */
  track(work: Promise<void>): void;
  /** Waits for everything started so far, then sends every waiting stats delta. */
  flush(): Promise<void>;
  /** Runs `task` while no outbox work runs (erasing, merging). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
  /** Sends waiting stats (all when `force`, else only when due); only inside `exclusive` or the serial work. */
  sendStats(force: boolean): Promise<number>;
}

export function createAfterCommit(deps: AfterCommitDeps): AfterCommit {
  const outbox = createSerial();
  const background = new Set<Promise<void>>();
  let statsSentAt: number | null = null;

  const sendStats = async (force: boolean): Promise<number> => {
    const { clock, stats } = userObjectDeps();
    const user = deps.objectName();
    // Journey entries carry this object's name so archiving can reach users with runs.
    const named = (d: StatsDelta): StatsDelta => (d.kind === "entered" && d.node === null ? { ...d, user } : d);
    const now = clock.now();
    const sent = await flushStats(deps.store, (deltas) => stats(deps.env)(deltas.map(named)), { now, lastSent: statsSentAt, force });
    if (sent > 0) statsSentAt = now;
    return sent;
  };

  const run = async (): Promise<void> => {
    const { clock, performer } = userObjectDeps();
    await outbox(async () => {
      await drainOutbox({ store: deps.store, clock, performer: performer(deps.env, deps.host), context: deps.context, deliverData: deps.deliverData });
      await sendStats(false);
    });
    await deps.alarm.arm(clock);
    await deps.audience.report(deps.objectName(), clock.now());
  };

  const track = (work: Promise<void>): void => {
    const tracked = work.catch((error: unknown) => {
      console.error(`[nudge] outbox work failed: ${error instanceof Error ? error.stack : String(error)}`);
    });
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  };

  return {
    start: () => track(run()),
    run,
    runStats: async () => {
      const { clock } = userObjectDeps();
      await outbox(() => sendStats(false));
      const next = await deps.alarm.arm(clock);
      // Still due: the send failed (the queue refused). Try again later, not in a loop.
      if (next !== null && next <= clock.now()) await deps.alarm.armAt(clock, clock.now() + STATS_FLUSH_MS);
    },
    track,
    flush: async () => {
      while (background.size > 0) await Promise.all(background);
      await outbox(() => sendStats(true));
    },
    exclusive: (task) => outbox(task),
    sendStats,
  };
}
