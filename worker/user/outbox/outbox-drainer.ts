/**
 * Performs due outbox rows after their transaction committed: each send, webhook or audience row
 * goes to the Performer and its outcome is recorded (record-outcome.ts); each fetch_data row is
 * fetched and its result handed back to the run. A crash between commit and IO leaves rows
 * pending, and the next alarm performs them; the idempotency key and the message log's unique key
 * keep that from duplicating anything the user sees.
 */
import type { Input } from "../../journey/types.ts";
import type { Clock } from "../../lib/clock.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { PerformContext, PerformOutcome, Performer } from "./performer.ts";
import { plainDelivery } from "./plain-delivery.ts";
import { recordOutcome } from "./record-outcome.ts";
import { backoff } from "../../lib/backoff.ts";

/** Most rows one pass performs; the alarm picks up the rest. */
export const MAX_ROWS_PER_PASS = 500;

export interface DrainDeps {
  store: UserStore;
  clock: Clock;
  performer: Performer;
  /** The context for one row, or null when the object has no profile (nothing to perform for). */
  context(row: OutboxRow, now: number): PerformContext | null;
  /** Hands a fetch_data result to its run (in a new input transaction that also marks the row done). */
  deliverData(row: OutboxRow & { effect: { type: "fetch_data" } }, input: Extract<Input, { type: "data" }>): Promise<void>;
}

/**
 * Performs every row due now, including rows that performing others makes due (a fetch result
 * resumes a run that sends), each row at most once per call, up to MAX_ROWS_PER_PASS. Each
 * outcome's stats deltas are stored in the outcome's transaction (sent later in batches).
 * @returns how many rows were tried
 */
export async function drainOutbox(deps: DrainDeps): Promise<number> {
  const { store, clock } = deps;
  const tried = new Set<string>();
  let again = true;
  while (again && tried.size < MAX_ROWS_PER_PASS) {
    const due = store.outbox.due(clock.now(), MAX_ROWS_PER_PASS);
    const rows = due.filter((r) => !tried.has(r.key));
    if (rows.length === 0) break;
    // Only a fetch result (a run resumed) adds rows; a full page may hide more. Else one query is enough.
    again = due.length === MAX_ROWS_PER_PASS || rows.some(isFetch);
    for (const [i, row] of rows.entries()) {
      tried.add(row.key);
      // The first row is as `due` just read it; later ones are read again after the awaits before them.
      await performRow(deps, i === 0 ? row : store.outbox.get(row.key));
    }
  }
  return tried.size;
}

/** Performs `current` (null or no longer pending: done meanwhile, nothing to do). */
async function performRow(deps: DrainDeps, current: OutboxRow | null): Promise<void> {
  const { store, clock } = deps;
  if (current?.status !== "pending") return;
  const context = deps.context(current, clock.now());
  if (context === null) return;
  if (isFetch(current)) return performFetch(deps, current, context);
  const outcome = await performSafely(deps.performer, current, context);
  const now = clock.now();
  store.transaction(() => store.stats.add(recordOutcome(store, current, outcome, context.workspace, now), now));
}

function isFetch(row: OutboxRow): row is OutboxRow & { effect: { type: "fetch_data" } } {
  return row.effect.type === "fetch_data";
}

async function performSafely(performer: Performer, row: OutboxRow, context: PerformContext): Promise<PerformOutcome> {
  try {
    return await performer.perform(row, context);
  } catch (error) {
    return { type: "retry", afterMs: 0, reason: `threw: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function performFetch(deps: DrainDeps, row: OutboxRow & { effect: { type: "fetch_data" } }, context: PerformContext): Promise<void> {
  const input = await fetchSafely(deps.performer, row, context);
  try {
    await deps.deliverData(row, input);
  } catch (error) {
    const reason = `result not delivered: ${error instanceof Error ? error.message : String(error)}`;
    const now = deps.clock.now();
    deps.store.transaction(() => deps.store.outbox.markAttempt(row.key, reason, now + backoff(row.attempts + 1), now));
  }
}

async function fetchSafely(performer: Performer, row: OutboxRow & { effect: { type: "fetch_data" } }, context: PerformContext): Promise<Extract<Input, { type: "data" }>> {
  // A performer that does not fetch itself gets the channels layer's fetch_data (plain-delivery.ts).
  const fetcher = performer.fetchData === undefined ? plainDelivery : performer;
  try {
    const result = await fetcher.fetchData?.(row, context);
    return result ?? { type: "data", requestKey: row.key, ok: false, error: "fetch_data is not supported" };
  } catch (error) {
    return { type: "data", requestKey: row.key, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
