/**
 * The object learns whose it is on its first call (its name is opaque): the workspace and user
 * ids in the caller's UserRef are stored in the profile, and later calls for another workspace are
 * refused.
 */
import type { Millis } from "../../journey/types.ts";
import type { Profile } from "../store/profile-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { UserRef } from "../types.ts";

export class WorkspaceMismatchError extends Error {
  override name = "WorkspaceMismatchError";
}

/** The stored profile, created from `ref` if there is none; fills in missing ids. */
export function ensureProfile(store: UserStore, ref: UserRef, now: Millis): Profile {
  if (typeof ref.workspace !== "string" || ref.workspace === "") throw new TypeError("UserRef.workspace must be a non-empty string");
  const existing = store.profile.get();
  if (existing !== null && existing.workspace !== ref.workspace) {
    throw new WorkspaceMismatchError(`this user object belongs to workspace ${existing.workspace}, not ${ref.workspace}`);
  }
  const base: Profile = existing ?? {
    workspace: ref.workspace,
    userId: null,
    anonymousId: null,
    traits: {},
    timeZone: null,
    unreachable: {},
    firstSeen: now,
    lastSeen: now,
  };
  const profile: Profile = {
    ...base,
    userId: base.userId ?? ref.userId ?? null,
    anonymousId: base.anonymousId ?? ref.anonymousId ?? null,
  };
  if (existing === null || profile.userId !== existing.userId || profile.anonymousId !== existing.anonymousId) store.profile.save(profile);
  return profile;
}
