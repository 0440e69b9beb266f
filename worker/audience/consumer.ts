/**
 * The AUDIENCE queue consumer: membership deltas and registrations become D1 rows (counts and
 * registry) in one batch per delivery; backfill pages and resync batches run one by one.
 * Malformed messages are acknowledged and logged; D1 or object failures retry the message.
 */
import { userHash, withAudienceSchema } from "./d1-schema.ts";
import { expandBackfill, runResync } from "./backfill.ts";
import { membershipStatements } from "./membership-store.ts";
import { AudienceMessage, type MembershipMessage, type RegisterMessage, audienceQueue } from "./messages.ts";
import { registerStatement } from "./registry.ts";
import type { ResyncResult, ResyncExpectation } from "./resync-check.ts";

/** Handles one delivery of the AUDIENCE queue. */
export async function consumeAudience(batch: MessageBatch, env: Env): Promise<void> {
  const deltas: { message: Message; body: MembershipMessage | RegisterMessage }[] = [];
  const jobs: Promise<void>[] = [];
  for (const message of batch.messages) {
    const parsed = AudienceMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(`[nudge] dropped a malformed audience message: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      message.ack();
      continue;
    }
    const body = parsed.data;
    if (body.type === "membership" || body.type === "register") deltas.push({ message, body });
    else jobs.push(runJob(env, message, body));
  }
  await Promise.all([recordDeltas(env.CATALOG_DB, deltas), ...jobs]);
}

async function recordDeltas(db: D1Database, deltas: { message: Message; body: MembershipMessage | RegisterMessage }[]): Promise<void> {
  if (deltas.length === 0) return;
  try {
    await withAudienceSchema(db, async () => {
      const live = await withoutErased(db, deltas.map((d) => d.body));
      const now = Date.now();
      // Per user in seq order, so one delivery holding enter and exit of the same segment ends right.
      const ordered = [...live].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : seqOf(a) - seqOf(b)));
      const statements = ordered.flatMap((m) => (m.type === "register" ? [registerStatement(db, m.workspace, m.user, m.at)] : membershipStatements(db, m, now)));
      if (statements.length > 0) await db.batch(statements);
    });
    for (const d of deltas) d.message.ack();
  } catch (error) {
    console.error(`[nudge] audience deltas not recorded; will retry: ${error instanceof Error ? error.message : String(error)}`);
    for (const d of deltas) d.message.retry();
  }
}

const seqOf = (m: MembershipMessage | RegisterMessage): number => (m.type === "membership" ? m.seq : -1);

/** Drops messages about users erased (GDPR) after the message was sent. */
async function withoutErased<T extends { workspace: string; user: string; at: number }>(db: D1Database, messages: T[]): Promise<T[]> {
  const hashes = new Map<string, string>();
  for (const m of messages) {
    const key = `${m.workspace}\n${m.user}`;
    if (!hashes.has(key)) hashes.set(key, await userHash(m.workspace, m.user));
  }
  const list = [...new Set(hashes.values())];
  const erased = new Map<string, number>();
  for (let i = 0; i < list.length; i += 50) {
    const chunk = list.slice(i, i + 50);
    const { results } = await db
      .prepare(`SELECT user_hash, erased_at FROM audience_erased WHERE user_hash IN (${chunk.map(() => "?").join(", ")})`)
      .bind(...chunk)
      .all<{ user_hash: string; erased_at: number }>();
    for (const r of results) erased.set(r.user_hash, r.erased_at);
  }
  if (erased.size === 0) return messages;
  return messages.filter((m) => {
    const at = erased.get(hashes.get(`${m.workspace}\n${m.user}`) ?? "");
    return at === undefined || m.at > at;
  });
}

async function runJob(env: Env, message: Message, body: Exclude<AudienceMessage, MembershipMessage | RegisterMessage>): Promise<void> {
  const queue = audienceQueue(env);
  if (queue === null) {
    message.ack();
    return;
  }
  try {
    if (body.type === "backfill") await expandBackfill(env, queue, body);
    else await runResync(env, queue, body, (user, expect) => resync(env, user, expect));
    message.ack();
  } catch (error) {
    console.error(`[nudge] audience ${body.type} failed; will retry: ${error instanceof Error ? error.message : String(error)}`);
    message.retry({ delaySeconds: 5 });
  }
}

function resync(env: Env, user: string, expect: ResyncExpectation): Promise<ResyncResult> {
  return env.USERS.getByName(user).resyncSegments(expect);
}
