/**
 * After a user's best hour moved: move their vote in the workspace's counters (D1) and publish the
 * workspace's best hour (KV) that users without enough engagement of their own fall back to.
 * Best-hour changes are rare (a habit shifting), so this is a small write, never on the event path.
 */
import { workspaceBestHour } from "../../delivery/engagement/workspace-best-hour.ts";
import { moveBestHourVote, withSettingsSchema } from "../../catalog/settings-store.ts";
import { publishWorkspaceBestHour } from "../../catalog/workspace-settings.ts";
import type { VoteMove } from "./best-hour-store.ts";

export async function publishVotes(env: Pick<Env, "CATALOG_DB" | "CATALOG_KV">, workspace: string, moves: readonly VoteMove[]): Promise<void> {
  if (moves.length === 0) return;
  const db = env.CATALOG_DB;
  let hours: number[] = [];
  for (const move of moves) hours = await withSettingsSchema(db, () => moveBestHourVote(db, workspace, move.before, move.after));
  await publishWorkspaceBestHour(env, workspace, workspaceBestHour({ v: 1, hours }) ?? null);
}
