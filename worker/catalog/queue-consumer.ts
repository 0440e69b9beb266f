/**
 * The Worker's queue() handler: STATS batches become per-node counters in D1; FANOUT jobs expand
 * an archive into per-user calls. Malformed messages are acknowledged and logged (retrying cannot
 * fix them); failures of D1 or a user's object retry the message.
 */
import { consumeAudience } from "../audience/consumer.ts";
import { AUDIENCE_QUEUE } from "../audience/messages.ts";
import { userObjects } from "../workspace/user-objects.ts";
import { expandArchive, FanoutMessage } from "./archive-fanout.ts";
import { withSchema } from "./d1-schema.ts";
import { StatsBatch, StatsMessage } from "./stats-message.ts";
import { recordStats } from "./stats-store.ts";

/** Queue names (wrangler.toml). */
export const STATS_QUEUE = "nudge-stats";
export const FANOUT_QUEUE = "nudge-fanout";

/** Dispatches a batch by queue name. */
export async function consumeQueue(batch: MessageBatch, env: Env): Promise<void> {
  if (batch.queue === STATS_QUEUE) return consumeStats(batch, env);
  if (batch.queue === FANOUT_QUEUE) return consumeFanout(batch, env);
  if (batch.queue === AUDIENCE_QUEUE) return consumeAudience(batch, env);
  console.error(`[nudge] no consumer for queue ${batch.queue}`);
}

async function consumeStats(batch: MessageBatch, env: Env): Promise<void> {
  const valid: StatsMessage[] = [];
  for (const message of batch.messages) {
    const counters = StatsBatch.safeParse(message.body);
    if (counters.success) {
      valid.push(...counters.data.counters);
      continue;
    }
    const single = StatsMessage.safeParse(message.body);
    if (single.success) valid.push(single.data);
    else console.error(`[nudge] dropped a malformed stats message: ${counters.error.issues[0]?.message ?? "invalid"}`);
  }
  const db = env.CATALOG_DB;
  await withSchema(db, () => recordStats(db, valid));
  batch.ackAll();
}

async function consumeFanout(batch: MessageBatch, env: Env): Promise<void> {
  const users = userObjects(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = FanoutMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error("[nudge] dropped a malformed fan-out message");
        message.ack();
        return;
      }
      const job = parsed.data;
      try {
        if (job.type === "expand") await expandArchive(env, job);
        else await users.archive(job.user, job.journeyId);
        message.ack();
      } catch (err) {
        console.error(`[nudge] fan-out ${job.type} failed; will retry`, err);
        message.retry();
      }
    }),
  );
}
