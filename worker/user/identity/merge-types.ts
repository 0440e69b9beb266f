/**
 * The identity merge contract between two User Durable Objects (plain, structured-clone data):
 * the anonymous visitor's object exports a `MergeSnapshot` and freezes (later calls are forwarded
 * to the known user's object); the known user's object absorbs it in one transaction.
 */
import type { Run } from "../../journey/types.ts";
import type { StoredEvent } from "../store/event-store.ts";
import type { MessageLogRow } from "../store/message-store.ts";
import type { OutboxRow } from "../store/outbox-store.ts";
import type { Profile } from "../store/profile-store.ts";
import type { TimerRow } from "../store/timer-store.ts";
import type { StoredTrace } from "../store/trace-store.ts";

/** The known user a visitor is merged into. */
export interface MergeTarget {
  workspace: string;
  userId: string;
  /** The known user's object name (`${workspace}:${userId}`). */
  name: string;
}

/** Rows of a table the merge code has no special rule for (push subscriptions, inbox, …): copied as they are. */
export interface OtherTable {
  table: string;
  rows: Record<string, SqlStorageValue>[];
}

/** Everything a visitor's object holds, as the known user's object needs it. */
export interface MergeSnapshot {
  /** The visitor's object name (`${workspace}:anon:${anonymousId}`). */
  source: string;
  target: MergeTarget;
  exportedAt: number;
  profile: Profile;
  /** The kept event history (deduplicated by messageId on absorb). */
  events: StoredEvent[];
  /** Every run, active and ended (re-entry rules and goal windows need the ended ones). */
  runs: Run[];
  timers: TimerRow[];
  /** Outbox rows not performed yet (with their attempts, next try and the idempotency key the visitor's object sends them with). */
  outbox: OutboxRow[];
  messages: MessageLogRow[];
  /** The newest trace lines. */
  trace: StoredTrace[];
  /** Segments the visitor was in (membership is re-evaluated in the known user's object). */
  segments: string[];
  other: OtherTable[];
}

export type MergeExport =
  /**
   * The visitor's data as JSON text (a `MergeSnapshot`; opaque to the Worker, which hands it to
   * the known user's `absorb`). The object is frozen until `finishMerge()`.
   */
  | { type: "snapshot"; snapshot: string }
  /** Nothing to merge (never seen, or already merged and emptied); the object now forwards to the target. */
  | { type: "empty" }
  /** Already merged into another user; nothing was changed. */
  | { type: "merged"; into: string };

export type AbsorbResult =
  | {
      type: "absorbed";
      /** Journeys whose runs moved into this object (for the archive fan-out's user list). */
      journeys: string[];
      /** Runs moved, and runs ended "merged" (the known user already had that journey + key active). */
      moved: number;
      ended: number;
      /** Events added (duplicates by messageId are not). */
      events: number;
    }
  /** This snapshot was absorbed before (a retried merge): nothing changed. */
  | { type: "already" };
