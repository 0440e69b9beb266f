/**
 * The Worker entry: HTTP (hono app), the queue consumers (journey stats, archive fan-out) and
 * the Durable Object classes wrangler binds.
 */
import { app } from "./app.ts";
import { consumeQueue } from "./catalog/queue-consumer.ts";

export { UserDurableObject } from "./user/user-durable-object.ts";

export default {
  fetch: app.fetch,
  queue: consumeQueue,
} satisfies ExportedHandler<Env>;
