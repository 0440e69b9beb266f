/**
 * The three identity-merge steps as the User DO runs them (docs/identity.md): `exportFor` on the
 * visitor's object, `absorb` on the known user's, `finish` on the visitor's again. Each holds the
 * object's outbox and input queues as it needs; the class only exposes them as RPC methods.
 */
import type { AudienceReporter } from "../../audience/report.ts";
import { createSql } from "../../lib/sql.ts";
import { userObjectDeps } from "../config.ts";
import type { AfterCommit } from "../shell/after-commit.ts";
import type { InputRunner } from "../shell/input-runner.ts";
import type { UserStore } from "../store/user-store.ts";
import type { LazyAlarm } from "../timers/lazy-alarm.ts";
import { absorbSnapshot } from "./absorb-snapshot.ts";
import { exportSnapshot } from "./export-snapshot.ts";
import { markMergedInto, mergedInto } from "./merge-marker.ts";
import type { AbsorbResult, MergeExport, MergeSnapshot, MergeTarget } from "./merge-types.ts";

export interface MergeStepsHost {
  store: UserStore;
  sql: SqlStorage;
  objectId: string;
  after: AfterCommit;
  inputs: InputRunner;
  alarm: LazyAlarm;
  audience: AudienceReporter;
  objectName(): string;
  /** The object's in-memory copy of the merge mark must be read again. */
  forgetMark(): void;
  /** Erases the object's storage (outbox and inputs held), then runs `then` on the empty store. */
  wipe(then: () => void): Promise<void>;
}

export interface MergeSteps {
  exportFor(target: MergeTarget): Promise<MergeExport>;
  absorb(snapshotJson: string): Promise<AbsorbResult>;
  finish(): Promise<void>;
}

export function mergeSteps(host: MergeStepsHost): MergeSteps {
  return {
    // Once no input or send is in progress: marks the object merged and returns all it holds.
    exportFor: (target) =>
      host.after.exclusive(() =>
        host.inputs.exclusive(async () => {
          await host.after.sendStats(true);
          const self = { name: host.objectName(), objectId: host.objectId };
          const result = exportSnapshot(host.store, createSql(host.sql), host.sql, self, target, userObjectDeps().clock.now());
          host.forgetMark();
          await host.alarm.clear();
          return result;
        }),
      ),
    absorb: async (snapshotJson) => {
      const snapshot: MergeSnapshot = JSON.parse(snapshotJson);
      const ref = { workspace: snapshot.target.workspace, userId: snapshot.target.userId };
      const done = await host.inputs.session(ref, (s) => s.transact((turn) => absorbSnapshot(turn, { db: createSql(host.sql), raw: host.sql, objectId: host.objectId }, snapshot)));
      host.after.start();
      return done?.value ?? { type: "already" };
    },
    // Leaves every segment count, then keeps only the forwarding mark.
    finish: async () => {
      const target = mergedInto(host.store.meta);
      if (target === null) return;
      await host.audience.reportGone(host.objectName(), userObjectDeps().clock.now());
      await host.wipe(() => markMergedInto(host.store.meta, target));
    },
  };
}
