/**
 * Names of User Durable Objects: one per workspace and user, `${workspace}:${userId}` for known
 * users and `${workspace}:anon:${anonymousId}` for visitors. A call with both ids goes to the
 * known user's object (which merges the visitor into it).
 */

/** The object name for a call's identity; null when it names neither id. Pure. */
export function userObjectName(workspace: string, ids: { userId?: string | undefined; anonymousId?: string | undefined }): string | null {
  if (ids.userId !== undefined && ids.userId !== "") return `${workspace}:${ids.userId}`;
  if (ids.anonymousId !== undefined && ids.anonymousId !== "") return `${workspace}:anon:${ids.anonymousId}`;
  return null;
}

/**
 * The object name for an admin path id: a user id, or `anon:<anonymousId>` for a visitor
 * (which is exactly how visitors' objects are named). Pure.
 */
export function userObjectNameFromPath(workspace: string, id: string): string {
  return `${workspace}:${id}`;
}
