/**
 * The User Durable Object: one per workspace + user (name `${workspace}:${userId}`, anonymous
 * visitors `${workspace}:anon:${anonymousId}`), holding that user's profile, events, journey runs,
 * timers, outbox, message log, trace and segment membership in SQLite.
 *
 * The imperative shell around the pure journey engine: every input is handled in one synchronous
 * transaction (runtime/), IO is performed after commit from the outbox (outbox/), and one alarm
 * serves every due time (timers/). The parts are built and wired in shell/user-object-parts.ts;
 * this class only maps typed RPC methods onto them.
 *
 * @example
 * const stub = env.USERS.getByName(`${workspace}:${userId}`);
 * await stub.ingest({ workspace, userId }, [{ type: "track", messageId, event: "Added To Cart", timestamp }]);
 */
import { DurableObject } from "cloudflare:workers";
import type { Attributes } from "../journey/types.ts";
import { userObjectDeps } from "./config.ts";
import { archiveInput, dataInput, manualInput, segmentsInput, traitsInput } from "./runtime/inputs.ts";
import { engineUserId } from "./runtime/turn.ts";
import type { AfterCommit } from "./shell/after-commit.ts";
import type { InputRunner, Session } from "./shell/input-runner.ts";
import { userObjectParts, type UserObjectParts } from "./shell/user-object-parts.ts";
import { runDueWork } from "./shell/due-work.ts";
import { ingestBatch } from "./shell/ingest-batch.ts";
import { messageEntry, profileSummary, reachableChannels, traceLine } from "./shell/views.ts";
import type { UserStore } from "./store/user-store.ts";
import type { LazyAlarm } from "./timers/lazy-alarm.ts";
import type { EnterResult, IngestResult, MessageLogEntry, ProfileSummary, TraceLine, UserRef } from "./types.ts";
import type { EngagementSignal } from "../delivery/engagement/signal.ts";
import type { WebPushSubscription } from "../channels/types.ts";
import { applySignals } from "./delivery/apply-signals.ts";
import { userContact } from "./delivery/user-contact.ts";
import { publishVotes } from "./delivery/publish-votes.ts";
import { removePushSubscription, savePushSubscription, type SavedSubscription } from "./delivery/push-subscriptions.ts";
import { catalogHasDefinition, type ResyncExpectation, type ResyncResult } from "../audience/resync-check.ts";
import { followMerge, type FollowedInput } from "./identity/follow-merge.ts";
import { mergedInto } from "./identity/merge-marker.ts";
import type { MergeSteps } from "./identity/merge-steps.ts";
import type { AbsorbResult, MergeExport, MergeTarget } from "./identity/merge-types.ts";
import type { JsonObject } from "../lib/json.ts";
import type { BrowserRealtime } from "./realtime/browser-realtime.ts";

/** Where a merged visitor's calls go: the known user's ref and object. */
type MergeForward = { ref: UserRef; stub: DurableObjectStub<UserDurableObject> };

/** How long after a failed alarm it runs again. */
export const ALARM_RETRY_MS = 60_000;

export class UserDurableObject extends DurableObject<Env> {
  #store: UserStore;
  #inputs: InputRunner;
  #browser: BrowserRealtime;
  #alarm: LazyAlarm;
  #after: AfterCommit;
  #merge: MergeSteps;
  #wipe: UserObjectParts["wipe"];
  /**
   * The merge mark as last read (undefined: read it again). Only exportForMerge, finishMerge and
   * deleteAll change it, and each forgets this copy; every call reads it, so it is kept in memory.
   */
  #mergeMark: MergeTarget | null | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const parts = userObjectParts(ctx, env, {
      objectName: () => this.#objectName(),
      merged: () => this.#mergedInto() !== null,
      forgetMark: () => void (this.#mergeMark = undefined),
      deliverData: (runId, input) => this.#deliverData(runId, input),
    });
    this.#store = parts.store;
    this.#inputs = parts.inputs;
    this.#after = parts.after;
    this.#alarm = parts.alarm;
    this.#browser = parts.browser;
    this.#merge = parts.merge;
    this.#wipe = parts.wipe;
    void ctx.blockConcurrencyWhile(async () => {
      this.#store.migrate();
    });
  }

  /** Records Segment-spec calls (track, identify, page) and runs what they cause; one result per item, in order. */
  async ingest(ref: UserRef, items: unknown[]): Promise<IngestResult[]> {
    const list = Array.isArray(items) ? items : [];
    const merged = this.#mergedInto();
    if (merged !== null) return merged.stub.ingest(merged.ref, list); // before noting the SDK session here
    this.#browser.noteItems(list, userObjectDeps().clock.now());
    const done = await this.#input(ref, (s) => ingestBatch(s, list));
    if (done.type === "forward") return done.to.stub.ingest(done.to.ref, list);
    this.#after.start();
    return done.value ?? [];
  }

  /**
   * Enters the user into a journey with a `manual` trigger (CSV import, admin API). `traits` are
   * merged into the profile first (as identify would); `properties` become the trigger event's.
   */
  async enterJourney(ref: UserRef, journeyId: string, properties: Attributes = {}, traits: Attributes = {}): Promise<EnterResult> {
    const done = await this.#input(ref, (s) => {
      if (Object.keys(traits).length > 0) s.transact((turn) => traitsInput(turn, traits));
      return s.transact((turn) => manualInput(turn, journeyId, properties));
    });
    if (done.type === "forward") return done.to.stub.enterJourney(done.to.ref, journeyId, properties, traits);
    this.#after.start();
    const result = done.value ?? { entered: false, reason: "no profile" };
    if (!result.entered) return { entered: false, reason: result.reason };
    return result.duplicate ? { entered: true, runId: result.runId, duplicate: true } : { entered: true, runId: result.runId };
  }

  /** Ends the user's active runs of `journeyId` now (the journey was archived); returns how many. */
  async archiveJourney(journeyId: string): Promise<{ ended: number }> {
    const done = await this.#input(null, (s) => s.transact((turn) => archiveInput(turn, journeyId)));
    if (done.type === "forward") return done.to.stub.archiveJourney(journeyId);
    this.#after.start();
    return { ended: done.value ?? 0 };
  }

  /**
   * Resolves once the outbox work started by earlier calls is done (sends performed, alarm
   * re-armed) and every waiting stats delta is sent. Inputs return right after commit and perform
   * their IO in the background, so a slow provider never slows down event ingestion; tests and
   * read-your-writes callers await this. A merged visitor's object waits for the known user's,
   * where its calls went.
   */
  async flush(): Promise<void> {
    const merged = this.#mergedInto();
    if (merged !== null) return merged.stub.flush();
    await this.#after.flush();
  }

  /**
   * Stores a browser push subscription (replacing `oldEndpoint` after the browser rotated it):
   * web push reaches this user from now on. `POST /v1/push/subscriptions`.
   */
  async savePushSubscription(ref: UserRef, subscription: WebPushSubscription, oldEndpoint?: string): Promise<SavedSubscription> {
    const done = await this.#input(ref, (s) => s.transact((turn) => savePushSubscription(turn, subscription, oldEndpoint)));
    if (done.type === "forward") return done.to.stub.savePushSubscription(done.to.ref, subscription, oldEndpoint);
    this.#after.start();
    return done.value ?? { created: false, subscriptions: 0 };
  }

  /**
   * Deletes a push subscription (the browser unsubscribed). `DELETE /v1/push/subscriptions`. On a
   * merged visitor's object it is deleted from the known user's, which took the subscription over.
   */
  async removePushSubscription(endpoint: string): Promise<{ removed: boolean; subscriptions: number }> {
    const done = await this.#input(null, (s) => s.transact((turn) => removePushSubscription(turn, endpoint)));
    if (done.type === "forward") return done.to.stub.removePushSubscription(endpoint);
    return done.value ?? { removed: false, subscriptions: 0 };
  }

  /**
   * Applies engagement signals (provider webhooks, browser reports, unsubscribe links): user
   * events journeys can wait for, reachability changes, the best-hour model. Signals for another
   * workspace, or for an object that never had a user, are not applied (`unknown`). A merged
   * visitor's object (signals about messages sent before the merge) passes them to the known user.
   */
  async recordEngagement(workspace: string, signals: EngagementSignal[]): Promise<{ applied: number; duplicates: number; unknown: boolean }> {
    const list = Array.isArray(signals) ? signals : [];
    const done = await this.#input(null, (s) => (s.workspace === workspace ? applySignals(s, list) : null));
    if (done.type === "forward") return done.to.stub.recordEngagement(workspace, list);
    this.#after.start();
    const result = done.value;
    if (result === null) return { applied: 0, duplicates: 0, unknown: true };
    this.#after.track(publishVotes(this.env, workspace, result.votes));
    return { applied: result.applied, duplicates: result.duplicates, unknown: false };
  }

  /**
   * Accepts the browser SDK's WebSocket, forwarded by `GET /v1/connect` (worker/routes/realtime.ts)
   * with the caller it verified. Hibernatable: the runtime holds the socket, the attachment says
   * whose it is (worker/user/realtime).
   */
  override async fetch(request: Request): Promise<Response> {
    const merged = this.#mergedInto();
    if (merged !== null) return merged.stub.fetch(request);
    return this.#browser.accept(request, userObjectDeps().clock.now());
  }

  /** A frame from a browser socket: pong/ack note the session; anything else gets an error frame. */
  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.#browser.frame(ws, message, userObjectDeps().clock.now());
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.#browser.close(ws, code, reason);
  }

  /** In-app messages and overlays waiting for the browser (`GET /v1/inbox`): pending, unexpired, highest priority first. */
  async inbox(): Promise<JsonObject[]> {
    const merged = this.#mergedInto();
    if (merged !== null) return merged.stub.inbox();
    return this.#browser.inbox(userObjectDeps().clock.now());
  }

  /** The profile, current segments, active runs and per-channel reachability; null for a user never seen. */
  async getProfile(): Promise<ProfileSummary | null> {
    const profile = this.#store.profile.get();
    if (profile === null) return null;
    const now = userObjectDeps().clock.now();
    const contact = { userId: engineUserId(profile), traits: profile.traits, ...userContact(this.#store, now), unreachable: profile.unreachable };
    return profileSummary(profile, this.#store.segments.all(), this.#store.runs.listActive(), reachableChannels(contact, now));
  }

  /** The message log, oldest first. */
  async getMessages(): Promise<MessageLogEntry[]> {
    return this.#store.messages.list().map(messageEntry);
  }

  /** The trace ("why did or didn't this user get it?"), oldest first, last 2,000 lines. */
  async getTrace(): Promise<TraceLine[]> {
    return this.#store.trace.list().map(traceLine);
  }

  /** Erases everything stored for this user (GDPR) and the alarm. The object starts empty again. */
  async deleteAll(): Promise<void> {
    await this.#wipe(() => undefined);
  }

  /**
   * Re-evaluates segment membership now (segment backfill, docs/segments.md). With `expect`, first
   * checks that this object's catalog has that segment definition ("stale" if not yet).
   */
  async resyncSegments(expect?: ResyncExpectation): Promise<ResyncResult> {
    const profile = this.#store.profile.get();
    if (profile === null || this.#mergedInto() !== null) return { type: "absent" };
    if (expect !== undefined && !(await catalogHasDefinition(userObjectDeps().catalog(this.env), profile.workspace, expect))) return { type: "stale" };
    await this.#inputs.session(null, (s) => s.transact((turn) => segmentsInput(turn)));
    this.#after.start();
    return { type: "done", segments: this.#store.segments.all().filter((m) => m.member).map((m) => m.segmentId) };
  }

  /** Identity merge, step 1, on a visitor's object (docs/identity.md): marks it merged into `target` (later calls forward there; its alarm and outbox stop) and returns all it holds. Idempotent. */
  async exportForMerge(target: MergeTarget): Promise<MergeExport> {
    return this.#merge.exportFor(target);
  }

  /** Identity merge, step 2, on the known user's object: absorbs a visitor's snapshot in one transaction. Idempotent. */
  async absorb(snapshotJson: string): Promise<AbsorbResult> {
    return this.#merge.absorb(snapshotJson);
  }

  /** Identity merge, step 3, on the visitor's object: leaves every segment count, then keeps only the forwarding mark. */
  async finishMerge(): Promise<void> {
    await this.#merge.finish();
  }

  /**
   * Handles everything due (segment windows, run timers, outbox retries, stats), then re-arms; an
   * alarm that finds only stats due sends them, and one that finds nothing due yet re-arms, both
   * without a session (timers/lazy-alarm.ts). A failure
   * (e.g. the catalog unreachable) re-arms a minute later instead of relying on the runtime's
   * limited alarm retries, so no timer is ever stranded.
   */
  override async alarm(): Promise<void> {
    this.#alarm.fired();
    try {
      const due = await this.#alarm.due(userObjectDeps().clock);
      if (due === "none") return;
      if (due === "stats") return void (await this.#after.runStats());
      // A merged visitor's timers fire in the known user's object; here they would fire twice.
      const done = await this.#input(null, (s) => runDueWork(s, this.#store));
      if (done.type === "forward") return void (await this.#alarm.clear());
      await this.#after.run();
    } catch (error) {
      console.error(`[nudge] alarm failed, retrying in 1 min: ${error instanceof Error ? error.stack : String(error)}`);
      const clock = userObjectDeps().clock;
      await this.#alarm.armAt(clock, clock.now() + ALARM_RETRY_MS);
    }
  }

  async #deliverData(runId: string, input: Parameters<typeof dataInput>[2]): Promise<void> {
    await this.#inputs.session(null, (s) => s.transact((turn) => dataInput(turn, runId, input)));
  }

  /** An input here, or where to forward the call once this visitor's object is merged (identity/follow-merge.ts). */
  #input<T>(ref: UserRef | null, body: (session: Session) => T): Promise<FollowedInput<T, MergeForward>> {
    return followMerge(this.#inputs, () => this.#mergedInto(), ref, body);
  }

  /** After an identity merge (a visitor's object): the known user's object, where every call acting on the user goes. */
  #mergedInto(): MergeForward | null {
    if (this.#mergeMark === undefined) this.#mergeMark = mergedInto(this.#store.meta);
    const target = this.#mergeMark;
    return target === null ? null : { ref: { workspace: target.workspace, userId: target.userId }, stub: this.env.USERS.getByName(target.name) };
  }

  /** This object's name: `${workspace}:${userId}` or `${workspace}:anon:${anonymousId}`. */
  #objectName(): string {
    if (this.ctx.id.name !== undefined) return this.ctx.id.name;
    const p = this.#store.profile.get();
    if (p === null) return "";
    return p.userId !== null ? `${p.workspace}:${p.userId}` : `${p.workspace}:anon:${p.anonymousId ?? ""}`;
  }
}
