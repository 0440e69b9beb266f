/**
 * "Nothing lost or sent twice" across an identity merge: a visitor's send that the provider may
 * already have taken (in flight, outcome lost in a crash, failed and retried) is sent by the known
 * user's object with the idempotency key the visitor's object used, so the provider can drop the
 * second copy; a send committed while the merge exports is performed by one object only; a merge
 * retried after its absorb succeeded sends nothing again; the known user's own retries keep their
 * key although the merge makes the profile's first-seen earlier.
 */
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCatalogReader } from "../../../worker/catalog/reader.ts";
import type { CatalogReader } from "../../../worker/catalog/types.ts";
import type { EngagementSignal } from "../../../worker/delivery/engagement/signal.ts";
import { mergeVisitor } from "../../../worker/identity/merge-visitor.ts";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import { deliverSignals } from "../../../worker/user/delivery/route-signals.ts";
import { RecordingPerformer, type Scripted } from "../user/helpers/recording-performer.ts";
import { admin, send } from "../routes/api.ts";
import { HOUR, WORKSPACE, installFakes, publish, resetUserObjectDeps, runAlarm, sendOn, sentTemplates, unique, userObject, visitorObject } from "./helpers.ts";

afterEach(() => resetUserObjectDeps());

const retry: Scripted = { type: "retry", afterMs: 0, reason: "provider timed out" };

/** A journey sending `template` by e-mail on `event`, published; a fresh visitor and user. */
async function world(): Promise<{ event: string; template: string; journey: string; anon: string; user: string }> {
  const journey = unique("merge-once");
  const event = unique("Signed Up");
  const template = `${journey}-email`;
  await publish(sendOn(journey, { type: "event", event }, template), [template]);
  return { event, template, journey, anon: unique("anon"), user: unique("user") };
}

/** A recording performer answering from `script`, installed for every User object. */
function performing(script: Scripted[]): RecordingPerformer {
  const performer = new RecordingPerformer(script);
  setUserObjectDeps({ performer: () => performer });
  return performer;
}

function keysOf(performer: RecordingPerformer, template: string): string[] {
  return performer.calls.filter((c) => c.template === template).map((c) => c.idempotencyKey);
}

describe("a visitor's send the provider may already have taken", () => {
  it("outcome lost (the visitor's object died after the provider call): the known user sends it with the visitor's key", async () => {
    installFakes();
    const w = await world();
    const reached: string[] = [];
    setUserObjectDeps({
      performer: () => ({
        perform: (_row, context) => {
          reached.push(context.idempotencyKey);
          return new Promise(() => {}); // the provider accepted it, then the object died
        },
      }),
    });
    await send("/track", { anonymousId: w.anon, event: w.event });
    await vi.waitFor(() => expect(reached).toHaveLength(1));
    await runInDurableObject(visitorObject(w.anon), (_o, state) => state.abort("crash")).catch(() => undefined);
    const performer = performing([]);

    expect((await send("/identify", { userId: w.user, anonymousId: w.anon })).status).toBe(200);
    await userObject(w.user).flush();
    expect(keysOf(performer, w.template)).toEqual(reached);
    expect(reached[0]?.startsWith(visitorObject(w.anon).id.toString())).toBe(true);
    expect(await sentTemplates(w.user)).toEqual([w.template]);
  });

  it("failed once (retry later): the known user's retry carries the visitor's key", async () => {
    const { clock } = installFakes();
    const w = await world();
    const performer = performing([retry]);
    await send("/track", { anonymousId: w.anon, event: w.event });
    await visitorObject(w.anon).flush();
    expect(keysOf(performer, w.template)).toHaveLength(1);

    await send("/identify", { userId: w.user, anonymousId: w.anon });
    clock.advance(1_000);
    await runAlarm(userObject(w.user));
    await userObject(w.user).flush();
    const [first, second, ...more] = keysOf(performer, w.template);
    expect(more).toEqual([]);
    expect(second).toBe(first);
    expect(performer.calls.filter((c) => c.template === w.template).map((c) => c.attempt)).toEqual([1, 2]);
    expect(await sentTemplates(w.user)).toEqual([w.template]);
  });

  it("in flight while the merge runs: the merge waits for the outcome, and the send is made once", async () => {
    installFakes();
    const w = await world();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const performer = new RecordingPerformer();
    setUserObjectDeps({ performer: () => ({ perform: (row, ctx) => performer.perform(row, ctx).then((outcome) => gate.then(() => outcome)) }) });
    await send("/track", { anonymousId: w.anon, event: w.event });
    await vi.waitFor(() => expect(keysOf(performer, w.template)).toHaveLength(1));

    let identified = false;
    const identify = send("/identify", { userId: w.user, anonymousId: w.anon }).then((r) => ((identified = true), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(identified).toBe(false); // the export waits for the send in progress
    release();
    expect((await identify).status).toBe(200);
    await userObject(w.user).flush();
    expect(keysOf(performer, w.template)).toHaveLength(1);
    expect(await sentTemplates(w.user)).toEqual([w.template]); // the visitor's log line moved
  });

  it("committed by an input that finishes while the merge exports: performed by one object only", async () => {
    const { clock } = installFakes();
    const w = await world();
    const performer = performing([]);
    await send("/identify", { anonymousId: w.anon, traits: { plan: "free" } });
    // The next input of the visitor holds its turn while it loads the catalog; the merge's export queues behind it.
    let hold = false;
    let entered = (): void => undefined;
    const inSession = new Promise<void>((resolve) => (entered = resolve));
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    setUserObjectDeps({ catalog: (e) => holdingReader(createCatalogReader(e), () => hold, () => ((hold = false), entered(), gate)) });
    hold = true;
    const tracked = visitorObject(w.anon).ingest({ workspace: WORKSPACE, anonymousId: w.anon }, [{ type: "track", messageId: unique("m"), event: w.event, timestamp: clock.now() }]);
    await inSession;
    const merging = mergeVisitor(env, WORKSPACE, w.anon, w.user);
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await tracked).toEqual([expect.objectContaining({ status: "accepted" })]);
    expect(await merging).toMatchObject({ type: "merged", moved: 1 });
    await userObject(w.user).flush();
    expect(keysOf(performer, w.template)).toHaveLength(1);
    expect(await sentTemplates(w.user)).toEqual([w.template]);
  });
});

describe("a merge interrupted and retried", () => {
  it("absorb done, finishMerge never ran: the next identify completes the merge and nothing is sent again", async () => {
    const { clock } = installFakes();
    const w = await world();
    const performer = performing([retry]);
    await send("/track", { anonymousId: w.anon, event: w.event });
    await visitorObject(w.anon).flush();
    const target = { workspace: WORKSPACE, userId: w.user, name: `${WORKSPACE}:${w.user}` };
    const exported = await visitorObject(w.anon).exportForMerge(target);
    if (exported.type !== "snapshot") throw new Error("expected a snapshot");
    expect(await userObject(w.user).absorb(exported.snapshot)).toMatchObject({ type: "absorbed", moved: 1 });
    // …and the merge stopped here. The known user retries the moved send; the visitor's object does not.
    clock.advance(1_000);
    expect(await runAlarm(visitorObject(w.anon))).toBe(false);
    await runAlarm(userObject(w.user));
    await userObject(w.user).flush();

    expect(await mergeVisitor(env, WORKSPACE, w.anon, w.user)).toEqual({ type: "nothing" }); // the same snapshot again: "already"
    clock.advance(HOUR);
    await runAlarm(userObject(w.user));
    await userObject(w.user).flush();
    const keys = keysOf(performer, w.template);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(await sentTemplates(w.user)).toEqual([w.template]);
    expect((await admin("GET", `/users/anon:${w.anon}`)).status).toBe(404);
  });
});

describe("the known user's own sends across a merge", () => {
  it("a send retrying when a visitor first seen earlier is merged keeps its idempotency key", async () => {
    const { clock } = installFakes();
    const w = await world();
    await send("/track", { anonymousId: w.anon, event: "Page Viewed" });
    clock.advance(HOUR);
    const performer = performing([retry]);
    await send("/track", { userId: w.user, event: w.event });
    await userObject(w.user).flush();

    await send("/identify", { userId: w.user, anonymousId: w.anon });
    clock.advance(1_000);
    await runAlarm(userObject(w.user));
    await userObject(w.user).flush();
    const keys = keysOf(performer, w.template);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });
});

describe("signals about a moved send", () => {
  it("a callback echoing the visitor's key names the moved message, not the known user's message with the same local key", async () => {
    const { clock } = installFakes();
    const w = await world();
    const performer = performing([]);
    await send("/track", { userId: w.user, event: w.event }); // the known user's run 1, version 1
    await userObject(w.user).flush();
    await publish(sendOn(w.journey, { type: "event", event: w.event }, `${w.template}-v2`), [`${w.template}-v2`]);
    performing([retry]);
    await send("/track", { anonymousId: w.anon, event: w.event }); // the visitor's run 1, version 2
    await visitorObject(w.anon).flush();
    await send("/identify", { userId: w.user, anonymousId: w.anon });
    const after = performing([]);
    clock.advance(1_000);
    await runAlarm(userObject(w.user));
    await userObject(w.user).flush();
    const [moved] = keysOf(after, `${w.template}-v2`);
    if (moved === undefined) throw new Error("the moved send was not made");
    expect(keysOf(performer, w.template)).toHaveLength(1);

    const opened: EngagementSignal = { channel: "email", type: "opened", at: clock.now(), source: "resend", id: unique("sig"), messageKey: moved };
    expect(await deliverSignals(env, WORKSPACE, [opened])).toEqual({ applied: 1, duplicates: 0, unmatched: 0 });
    const events = await runInDurableObject(userObject(w.user), (_o, state) =>
      state.storage.sql.exec<{ properties: string }>("SELECT properties FROM events WHERE name = 'Email Opened'").toArray(),
    );
    expect(events.map((e) => JSON.parse(e.properties))).toEqual([expect.objectContaining({ template: `${w.template}-v2`, version: 2 })]);
  });
});

/** `reader`, except that one `live()` call waits for `wait()` while `holding()` says so. */
function holdingReader(reader: CatalogReader, holding: () => boolean, wait: () => Promise<void>): CatalogReader {
  return {
    live: async (workspace) => {
      if (holding()) await wait();
      return reader.live(workspace);
    },
    journeyVersion: (workspace, journeyId, version) => reader.journeyVersion(workspace, journeyId, version),
    template: (workspace, templateId) => reader.template(workspace, templateId),
  };
}
