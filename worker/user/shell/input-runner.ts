/**
 * How inputs reach the store: one at a time (a serial queue), each session with one clock reading
 * and one catalog snapshot loaded before its synchronous transactions, each transaction with a
 * fresh `Turn` whose stats deltas are stored in that same transaction (sent later in batches,
 * worker/user/stats/stats-flush.ts). Outbox IO never runs in here, so a slow provider does not
 * hold up events.
 */
import type { CatalogReader } from "../../catalog/types.ts";
import type { Millis } from "../../journey/types.ts";
import type { Clock } from "../../lib/clock.ts";
import { createSerial } from "../../lib/serial.ts";
import { loadCatalogSnapshot, type CatalogSnapshot, type DefinitionCache } from "../runtime/catalog-snapshot.ts";
import { createTurn, type Turn } from "../runtime/turn.ts";
import type { UserStore } from "../store/user-store.ts";
import type { UserRef } from "../types.ts";
import { ensureProfile } from "./ensure-profile.ts";

export interface Session {
  readonly now: Millis;
  readonly workspace: string;
  readonly catalog: CatalogSnapshot;
  /** Runs `fn` as one storage transaction with a fresh turn; its stats deltas are stored with it. */
  transact<R>(fn: (turn: Turn) => R): R;
}

export interface SessionResult<T> {
  value: T;
}

export interface InputRunnerDeps {
  store: UserStore;
  clock: () => Clock;
  reader: () => CatalogReader;
  /**
   * Arms the alarm for what the session committed. Called synchronously right after the last
   * transaction, before any IO, so rows left pending by a crash during IO are replayed.
   */
  arm: () => Promise<unknown>;
}

export interface InputRunner {
  /**
   * Runs `body` in a session. With a `ref` the profile is created if needed; without one a
   * session only runs for an object that already has a profile (else null).
   */
  session<T>(ref: UserRef | null, body: (session: Session) => T): Promise<SessionResult<T> | null>;
  /** Runs `task` while no session runs (for erasing everything). */
  exclusive<T>(task: () => Promise<T>): Promise<T>;
}

export function createInputRunner(deps: InputRunnerDeps): InputRunner {
  const serial = createSerial();
  const definitions: DefinitionCache = new Map();
  const { store } = deps;
  return {
    session: (ref, body) =>
      serial(async () => {
        const now = deps.clock().now();
        const profile = ref === null ? store.profile.get() : ensureProfile(store, ref, now);
        if (profile === null) return null;
        const catalog = await loadCatalogSnapshot(deps.reader(), profile.workspace, store.runs.pinnedVersions(now), definitions);
        const session: Session = {
          now,
          workspace: profile.workspace,
          catalog,
          transact: (fn) =>
            store.transaction(() => {
              const turn = createTurn(store, catalog, store.profile.get() ?? profile, now);
              const result = fn(turn);
              store.stats.add(turn.stats, now);
              return result;
            }),
        };
        const value = body(session);
        await deps.arm();
        return { value };
      }),
    exclusive: (task) =>
      serial(async () => {
        definitions.clear();
        return task();
      }),
  };
}
