/**
 * The working state of one input (an event, a timer, a fetch result, an admin action) while its
 * synchronous transaction runs: the stores, the catalog snapshot, the clock reading and the
 * profile as changed so far. Stats deltas collected here are sent after commit.
 */
import type { Millis } from "../../journey/types.ts";
import type { StatsDelta } from "../stats/stats-delta.ts";
import type { Profile } from "../store/profile-store.ts";
import type { UserStore } from "../store/user-store.ts";
import type { CatalogSnapshot } from "./catalog-snapshot.ts";

export interface Turn {
  readonly store: UserStore;
  readonly catalog: CatalogSnapshot;
  readonly now: Millis;
  readonly workspace: string;
  /** The profile as changed so far in this turn (saved through `saveProfile`). */
  profile: Profile;
  readonly stats: StatsDelta[];
}

export function createTurn(store: UserStore, catalog: CatalogSnapshot, profile: Profile, now: Millis): Turn {
  return { store, catalog, now, workspace: profile.workspace, profile, stats: [] };
}

/** Persists the turn's profile. */
export function saveProfile(turn: Turn): void {
  turn.store.profile.save(turn.profile);
}

/** The id the engine and templates see: the known user id, else the anonymous id. */
export function engineUserId(profile: Profile): string {
  return profile.userId ?? profile.anonymousId ?? "";
}
