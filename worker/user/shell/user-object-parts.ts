/**
 * Builds the parts of one User Durable Object and wires them to each other: the store, the input
 * runner, the after-commit work, the lazy alarm, the AUDIENCE reporter, the browser's live side
 * and the identity-merge steps. The class (worker/user/user-durable-object.ts) only maps RPC
 * methods onto them; `self` is what the parts need back from it.
 */
import { audienceQueue } from "../../audience/messages.ts";
import { createAudienceReporter, type AudienceReporter } from "../../audience/report.ts";
import { userObjectDeps } from "../config.ts";
import { mergeSteps, type MergeSteps } from "../identity/merge-steps.ts";
import { performContext } from "../outbox/perform-context.ts";
import { createBrowserRealtime, type BrowserRealtime } from "../realtime/browser-realtime.ts";
import type { dataInput } from "../runtime/inputs.ts";
import { createUserStore, type UserStore } from "../store/user-store.ts";
import { createLazyAlarm, type LazyAlarm } from "../timers/lazy-alarm.ts";
import { createAfterCommit, type AfterCommit } from "./after-commit.ts";
import { createInputRunner, type InputRunner } from "./input-runner.ts";

export interface UserObjectSelf {
  /** `${workspace}:${userId}` or `${workspace}:anon:${anonymousId}`. */
  objectName(): string;
  /** True once this visitor's object was merged into a known user (its outbox then performs nothing). */
  merged(): boolean;
  /** The in-memory merge mark must be read again. */
  forgetMark(): void;
  /** Feeds a fetch_data result back to its run, as an input. */
  deliverData(runId: string, input: Parameters<typeof dataInput>[2]): Promise<void>;
}

export interface UserObjectParts {
  store: UserStore;
  inputs: InputRunner;
  /** Outbox, stats, alarm and audience report after each commit (after-commit.ts). */
  after: AfterCommit;
  /** The one alarm, armed lazily (timers/lazy-alarm.ts). */
  alarm: LazyAlarm;
  /** Segment membership deltas and registration → AUDIENCE queue (worker/audience/report.ts). */
  audience: AudienceReporter;
  /** The browser SDK's live side: WebSockets, inbox, SDK sessions (worker/user/realtime). */
  browser: BrowserRealtime;
  merge: MergeSteps;
  /** Erases storage and the alarm once no send or input runs, then runs `then` on the empty store. */
  wipe(then: () => void): Promise<void>;
}

export function userObjectParts(ctx: DurableObjectState, env: Env, self: UserObjectSelf): UserObjectParts {
  const store = createUserStore(ctx.storage);
  const audience = createAudienceReporter(store, () => audienceQueue(env));
  const browser = createBrowserRealtime(ctx, store);
  const alarm = createLazyAlarm(ctx.storage, store);
  const objectId = ctx.id.toString();
  const after = createAfterCommit({
    store,
    env,
    host: { store, objectId },
    alarm,
    audience,
    objectName: () => self.objectName(),
    // A merged visitor's unperformed rows moved to the known user, who performs them: not here too.
    context: (row, now) => (self.merged() ? null : performContext({ store, env, objectId, browser: (frame, at) => browser.deliver(frame, at) }, row, now)),
    deliverData: (row, input) => self.deliverData(row.effect.runId, input),
  });
  const inputs = createInputRunner({
    store,
    clock: () => userObjectDeps().clock,
    reader: () => userObjectDeps().catalog(env),
    arm: () => alarm.arm(userObjectDeps().clock),
  });
  // Outbox first, then inputs: after-commit work holds the outbox while it waits for inputs (fetch results).
  const wipe = (then: () => void): Promise<void> =>
    after.exclusive(() =>
      inputs.exclusive(async () => {
        // Waiting stats deltas go too: some name this user (journey entries).
        await alarm.clear();
        await ctx.storage.deleteAll();
        store.migrate();
        then();
        self.forgetMark();
        audience.forget();
      }),
    );
  const merge = mergeSteps({ store, sql: ctx.storage.sql, objectId, after, inputs, alarm, audience, objectName: self.objectName, forgetMark: self.forgetMark, wipe });
  return { store, inputs, after, alarm, audience, browser, merge, wipe };
}
