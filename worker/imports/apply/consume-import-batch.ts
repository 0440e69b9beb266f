/**
 * The IMPORTS queue consumer: applies each message's rows to the users' Durable Objects and
 * counts the outcome against the chunk in D1. A row's failure never stops the others: a refusal
 * is recorded with the row's line and reason; a transient error (the RPC threw) sends that row
 * alone again later (from the step that failed) until `MAX_ROW_ATTEMPTS`. The message itself is
 * retried only when recording the outcome fails (D1 or the queue), and a message whose chunk is
 * already done is acknowledged at once (redelivery).
 *
 * @example
 * // worker/index.ts
 * queue(batch, env) { if (batch.queue === IMPORTS_QUEUE) return consumeImportBatch(batch, env); … }
 */
import { userObjects, type UserObjects } from "../../workspace/user-objects.ts";
import { type ImportMessage, type QueuedRow, parseImportMessage } from "../messages.ts";
import { chunkDone, type ChunkTally, tallyStatement } from "../store/import-chunks.ts";
import { importUserKey, insertErrorsStatement, type RowError } from "../store/import-errors.ts";
import { importsDb, withImportSchema } from "../store/import-schema.ts";
import { applyRow, type RowOutcome } from "./apply-row.ts";

/** Tries per row before a transient error counts as a failure. */
export const MAX_ROW_ATTEMPTS = 5;
/** Users applied at the same time within one message. */
const CONCURRENCY = 10;

type ImportEnv = Pick<Env, "CATALOG_DB" | "IMPORTS" | "USERS">;

/**
 * Handles a batch of the IMPORTS queue (dispatched by the Worker's `queue()` by queue name).
 * @param [users=userObjects(env)] the user objects' RPC (tests pass one that fails on purpose)
 */
export async function consumeImportBatch(batch: MessageBatch<unknown>, env: ImportEnv, users: Pick<UserObjects, "ingest" | "enter"> = userObjects(env)): Promise<void> {
  await Promise.all(batch.messages.map((message) => consumeMessage(message, env, users)));
}

async function consumeMessage(message: Message<unknown>, env: ImportEnv, users: Pick<UserObjects, "ingest" | "enter">): Promise<void> {
  const body = parseImportMessage(message.body);
  if (body === null) {
    console.error(`[nudge] dropped a malformed import message ${message.id}`);
    message.ack();
    return;
  }
  const db = importsDb(env);
  try {
    const fresh = body.rows.every((r) => r.stage === undefined && r.attempt === undefined);
    if (fresh && (await withImportSchema(db, () => chunkDone(db, body.chunk)))) {
      message.ack();
      return;
    }
    const outcomes = await applyAll(users, body);
    await record(env, body, outcomes);
    message.ack();
  } catch (error) {
    console.error(`[nudge] import chunk ${body.chunk} could not be recorded; retrying the message`, error);
    message.retry({ delaySeconds: backoff(message.attempts) });
  }
}

/** Applies every row: rows of one user in file order, different users side by side. */
async function applyAll(users: Pick<UserObjects, "ingest" | "enter">, body: ImportMessage): Promise<Map<QueuedRow, RowOutcome>> {
  const byUser = new Map<string, QueuedRow[]>();
  for (const row of body.rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  const groups = [...byUser.values()];
  const outcomes = new Map<QueuedRow, RowOutcome>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let group = groups[next++]; group !== undefined; group = groups[next++]) {
      for (const row of group) outcomes.set(row, await applyRow(users, body, row));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, groups.length) }, worker));
  return outcomes;
}

/** Re-sends rows to retry, then writes the tally and the rows' errors in one D1 batch. */
async function record(env: ImportEnv, body: ImportMessage, outcomes: Map<QueuedRow, RowOutcome>): Promise<void> {
  const tally: ChunkTally = { applied: 0, failed: 0, entered: 0, notEntered: 0, duplicates: 0 };
  const errors: (RowError & { userId: string })[] = [];
  const again: QueuedRow[] = [];
  for (const [row, outcome] of outcomes) {
    const attempt = (row.attempt ?? 0) + 1;
    if (outcome.type === "retry" && attempt < MAX_ROW_ATTEMPTS) {
      again.push({ line: row.line, userId: row.userId, traits: row.traits, attempt, ...(outcome.stage === "enter" ? { stage: "enter" as const } : {}) });
      continue;
    }
    if (outcome.type === "applied") {
      tally.applied += 1;
      if (outcome.duplicate) tally.duplicates += 1;
      if (outcome.entry?.entered === true) tally.entered += 1;
      if (outcome.entry?.entered === false) {
        tally.notEntered += 1;
        errors.push({ line: row.line, kind: "not_entered", reason: outcome.entry.reason, userId: row.userId });
      }
      continue;
    }
    tally.failed += 1;
    const reason = outcome.type === "failed" ? outcome.reason : `gave up after ${attempt} attempts (${outcome.stage === "enter" ? "journey entry" : "profile update"}): ${outcome.error}`;
    errors.push({ line: row.line, kind: "failed", reason, userId: row.userId });
  }
  if (again.length > 0) {
    const attempt = Math.max(...again.map((r) => r.attempt ?? 1));
    await env.IMPORTS.send({ ...body, rows: again } satisfies ImportMessage, { contentType: "json", delaySeconds: backoff(attempt) });
  }
  const db = importsDb(env);
  const statements = [tallyStatement(db, body.chunk, tally, Date.now())];
  if (errors.length > 0) {
    const stored = await Promise.all(errors.map(async ({ userId, ...error }) => ({ ...error, userKey: await importUserKey(body.workspace, userId) })));
    statements.unshift(insertErrorsStatement(db, body.chunk, stored));
  }
  await withImportSchema(db, () => db.batch(statements));
}

/** Seconds before a retry: 10, 20, 40… up to 5 minutes. */
function backoff(attempt: number): number {
  return Math.min(300, 10 * 2 ** Math.max(0, attempt - 1));
}
