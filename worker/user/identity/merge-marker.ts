/**
 * A visitor's object, once merged, remembers whom into (meta `merge:into`): every later call is
 * forwarded there, its alarm does nothing, and a known user's object remembers each snapshot it
 * absorbed (meta `merge:absorbed:<source>`), so a retried merge changes nothing.
 */
import type { MetaStore } from "../store/meta-store.ts";
import type { MergeTarget } from "./merge-types.ts";

const INTO = "merge:into";
const ABSORBED = "merge:absorbed:";

/** The user this object was merged into, or null. */
export function mergedInto(meta: MetaStore): MergeTarget | null {
  const text = meta.get(INTO);
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null) return null;
  const workspace: unknown = Reflect.get(value, "workspace");
  const userId: unknown = Reflect.get(value, "userId");
  const name: unknown = Reflect.get(value, "name");
  return typeof workspace === "string" && typeof userId === "string" && typeof name === "string" ? { workspace, userId, name } : null;
}

export function markMergedInto(meta: MetaStore, target: MergeTarget): void {
  meta.set(INTO, JSON.stringify({ workspace: target.workspace, userId: target.userId, name: target.name }));
}

/** True if `source`'s snapshot was absorbed here; marks it absorbed otherwise. */
export function alreadyAbsorbed(meta: MetaStore, source: string, at: number): boolean {
  if (meta.get(ABSORBED + source) !== null) return true;
  meta.set(ABSORBED + source, String(at));
  return false;
}
