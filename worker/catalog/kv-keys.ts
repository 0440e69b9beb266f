/** Names of the catalog's KV entries (the published side read by User Durable Objects). */

/** The workspace's live snapshot (`LiveCatalog`). Rewritten on every publish/pause/archive/segment change. */
export function liveKey(workspace: string): string {
  return `live:${workspace}`;
}

/** One immutable published journey version (`Journey`). Written once, never changed. */
export function versionKey(workspace: string, journeyId: string, version: number): string {
  return `journey:${workspace}:${journeyId}:v${version}`;
}

/** One message template (`Template`). Rewritten on PUT, deleted on DELETE. */
export function templateKey(workspace: string, templateId: string): string {
  return `template:${workspace}:${templateId}`;
}

/** The workspace's delivery settings snapshot (`RuntimeSettings`): channels, policy, webhook and unsubscribe secrets. Rewritten on every settings PUT. */
export function settingsKey(workspace: string): string {
  return `settings:${workspace}`;
}

/** The workspace's best-hour votes turned into one hour (`{ hour: number | null }`), rewritten when a user's best hour moves. */
export function bestHourKey(workspace: string): string {
  return `besthour:${workspace}`;
}
