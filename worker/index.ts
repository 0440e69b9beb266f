/**
 * The Worker entry: HTTP (the hono app), the queue consumers, and the Durable Object classes
 * wrangler binds. Each queue in wrangler.toml has one consumer here, chosen by queue name.
 */
import { app } from "./app.ts";
import { consumeQueue, FANOUT_QUEUE, STATS_QUEUE } from "./catalog/queue-consumer.ts";
import { consumeImportBatch, IMPORTS_QUEUE } from "./imports/index.ts";
import { consumeAudience } from "./audience/consumer.ts";
import { AUDIENCE_QUEUE } from "./audience/messages.ts";

export { UserDurableObject } from "./user/user-durable-object.ts";

/** Queue name → consumer. */
const consumers: Record<string, (batch: MessageBatch, env: Env) => Promise<void>> = {
  [STATS_QUEUE]: consumeQueue,
  [FANOUT_QUEUE]: consumeQueue,
  [IMPORTS_QUEUE]: (batch, env) => consumeImportBatch(batch, env),
  [AUDIENCE_QUEUE]: consumeAudience,
};

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    const consume = consumers[batch.queue];
    if (consume === undefined) {
      console.error(`[nudge] no consumer for queue ${batch.queue}; retrying later`);
      batch.retryAll();
      return;
    }
    await consume(batch, env);
  },
} satisfies ExportedHandler<Env>;
