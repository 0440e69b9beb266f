/**
 * Archiving ends runs. Each User DO also ends runs of an archived journey at its next input
 * (lazily, from the live snapshot); this fan-out makes it prompt for users who never come back:
 * the admin route enqueues one `expand` job, and the FANOUT consumer pages through the users
 * who entered the journey (recorded from STATS `entered` messages that carry `user`), turning
 * each page into `archive` jobs, one per user object.
 */
import { z } from "zod";
import { withSchema } from "./d1-schema.ts";
import { journeyUsers } from "./stats-store.ts";

export const FanoutMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("expand"), workspace: z.string(), journeyId: z.string(), after: z.string() }),
  z.object({ type: z.literal("archive"), workspace: z.string(), journeyId: z.string(), user: z.string() }),
]);
export type FanoutMessage = z.infer<typeof FanoutMessage>;

/** Users per expand page. */
export const FANOUT_PAGE = 500;

/** Starts the fan-out for an archived journey. */
export async function fanOutArchive(env: Pick<Env, "FANOUT">, workspace: string, journeyId: string): Promise<"queued"> {
  await env.FANOUT.send({ type: "expand", workspace, journeyId, after: "" } satisfies FanoutMessage);
  return "queued";
}

/** Handles one expand job: one page of users becomes archive jobs, plus the next expand job if the page was full. */
export async function expandArchive(env: Pick<Env, "FANOUT" | "CATALOG_DB">, job: Extract<FanoutMessage, { type: "expand" }>): Promise<number> {
  const db = env.CATALOG_DB;
  const users = await withSchema(db, () => journeyUsers(db, job.workspace, job.journeyId, job.after, FANOUT_PAGE));
  const jobs: { body: FanoutMessage }[] = users.map((user) => ({ body: { type: "archive", workspace: job.workspace, journeyId: job.journeyId, user } }));
  const last = users.at(-1);
  if (users.length === FANOUT_PAGE && last !== undefined) {
    jobs.push({ body: { type: "expand", workspace: job.workspace, journeyId: job.journeyId, after: last } });
  }
  for (let i = 0; i < jobs.length; i += 100) await env.FANOUT.sendBatch(jobs.slice(i, i + 100));
  return users.length;
}
