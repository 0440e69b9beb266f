/**
 * Applies one import row to its user's Durable Object: an identify call whose messageId is the
 * row's key (so the same row applied twice is recorded once: "duplicate"), then, if the import
 * names a journey, `enterJourney` with the key in the trigger properties (`importKey`). The entry
 * is made even when the profile update was a duplicate — the Worker may have died between the two
 * — because the object enters a given `importKey` once (it answers `duplicate` after that). A
 * thrown RPC is transient (retry the row from the step that failed); a refusal by the object is
 * final.
 */
import { canonicalJson } from "../../catalog/content-hash.ts";
import type { UserObjects } from "../../workspace/user-objects.ts";
import { userObjectName } from "../../workspace/user-object-name.ts";
import { sha256Hex } from "../hash.ts";
import type { ImportMessage, QueuedRow } from "../messages.ts";

export type RowOutcome =
  | { type: "applied"; duplicate: boolean; entry: { entered: true } | { entered: false; reason: string } | null }
  | { type: "failed"; reason: string }
  | { type: "retry"; stage: "profile" | "enter"; error: string };

/**
 * The row's idempotency key: the same user with the same traits in the same scope (workspace,
 * journey, import key) is the same row, whichever file, line or upload it came from.
 */
export async function rowKey(scope: string, row: Pick<QueuedRow, "userId" | "traits">): Promise<string> {
  return `imp_${(await sha256Hex(`${scope}\n${row.userId}\n${canonicalJson(row.traits)}`)).slice(0, 32)}`;
}

/** Applies `row` of `message` (from its `stage`). */
export async function applyRow(users: Pick<UserObjects, "ingest" | "enter">, message: ImportMessage, row: QueuedRow): Promise<RowOutcome> {
  const key = await rowKey(message.scope, row);
  const name = userObjectName(message.workspace, { userId: row.userId });
  if (name === null) return { type: "failed", reason: "the user id is empty" };
  const ref = { workspace: message.workspace, userId: row.userId };
  let duplicate = false;
  if (row.stage !== "enter") {
    let results;
    try {
      results = await users.ingest(name, ref, [{ type: "identify", messageId: key, userId: row.userId, traits: row.traits, timestamp: message.at }]);
    } catch (error) {
      return { type: "retry", stage: "profile", error: errorText(error) };
    }
    const result = results[0];
    if (result === undefined) return { type: "failed", reason: "the user's object gave no result" };
    if (result.status === "rejected") return { type: "failed", reason: `the profile update was refused: ${result.reason}${result.path ? ` (${result.path})` : ""}` };
    duplicate = result.status === "duplicate";
  }
  if (message.journey === null) return { type: "applied", duplicate, entry: null };
  try {
    const entry = await users.enter(name, ref, message.journey, { source: "csv_import", importKey: key });
    // Entered by an earlier delivery of the row: counted then (or lost with a crashed attempt), not again.
    if (entry.entered && entry.duplicate === true) return { type: "applied", duplicate, entry: null };
    return { type: "applied", duplicate, entry: entry.entered ? { entered: true } : { entered: false, reason: entry.reason } };
  } catch (error) {
    return { type: "retry", stage: "enter", error: errorText(error) };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
