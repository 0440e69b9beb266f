/**
 * Seed journeys through the real Worker, route to provider: the examples/ catalog published with
 * the admin API, users driven with POST /v1/track and /v1/identify, the User Durable Object's
 * alarm run after moving its manual clock, sends going through the real channel adapters to the
 * fake providers (test/worker/delivery/helpers.ts), and the message log and trace read back
 * through GET /v1/admin/users/{id}/messages and /trace — what a marketer sees. Journey stats go
 * through the STATS consumer into D1 (seed-stats.ts), so GET /v1/admin/journeys/{id}/stats counts.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import type { MessageLogEntry, ProfileSummary, TraceLine } from "../../../../worker/user/types.ts";
import { setUserObjectDeps } from "../../../../worker/user/config.ts";
import { fromBase64url } from "../../../../worker/channels/bytes.ts";
import { decryptWebPush, subscriber } from "../../channels/web-crypto-helpers.ts";
import { testChannelSettings } from "../../delivery/channel-settings.ts";
import { publishJourney, put, userObject, world, type ProviderRequest, type World } from "../../delivery/helpers.ts";
import { admin, call, WRITE_KEY } from "../../routes/api.ts";
import { ALL_SEED_SEGMENTS, SEED_JOURNEY_TEMPLATES } from "./seed-library.ts";
import { statsIntoCatalog } from "./seed-stats.ts";

export { resetUserObjectDeps } from "../../../../worker/user/config.ts";
export type { ProviderRequest };

/**
 * Channel settings for every provider (fake hosts), every seed segment, the templates of
 * journeys 3, 6, 8, 9 and 10, and `journeys`, all through the admin API. Call it in `beforeAll`.
 */
export async function publishSeeds(journeys: Array<{ id: string } & Record<string, unknown>>): Promise<void> {
  const { settings } = await testChannelSettings();
  await put("/settings/channels", settings);
  for (const template of SEED_JOURNEY_TEMPLATES) await put(`/templates/${template.id}`, template);
  for (const segment of ALL_SEED_SEGMENTS) await put(`/segments/${segment.id}`, segment);
  for (const journey of journeys) await publishJourney(journey);
}

/** One message-log line as a marketer reads it: node, channel, template, status, when. */
export type Sent = [node: string, channel: string, template: string, status: string, at: string];

/**
 * The decisions of a journey's runs from the trace, in order, as "node → branch": condition
 * branches (yes / no), wait outcomes (next / timeout) and fetch results. Steps that can only go
 * on ("send → next", "update_attribute → next") are left out: the message log and the profile
 * show them.
 */
export function decisions(trace: readonly TraceLine[], journeyId: string): string[] {
  return trace
    .filter((t) => t.journeyId === journeyId && (t.kind === "resume" || (t.kind === "branch" && t.branch !== "next")))
    .map((t) => `${t.node ?? "?"} → ${t.branch ?? "?"}`);
}

/** The reason the trace gives for `node`'s decision (the last one), or undefined. */
export function why(trace: readonly TraceLine[], node: string): string | undefined {
  return trace.filter((t) => t.node === node && (t.kind === "branch" || t.kind === "resume")).at(-1)?.reason;
}

/** The trace's segment moves, as "at entered|left segment-id" (only `segment`'s when given). */
export function segmentMoves(trace: readonly TraceLine[], segment?: string): string[] {
  return segmentChanges(trace)
    .map((line) => line.replace(/^(\S+) (entered|left) segment ([^:]+):.*$/s, "$1 $2 $3"))
    .filter((move) => segment === undefined || move.endsWith(` ${segment}`));
}

/** The trace's segment lines (entered / left), as "at reason". */
export function segmentChanges(trace: readonly TraceLine[]): string[] {
  return trace.filter((t) => t.kind === "segment").map((t) => `${t.at} ${t.reason}`);
}

export interface SeedUser {
  readonly id: string;
  readonly world: World;
  /** POST /v1/track at the clock's time. */
  track(event: string, properties?: Record<string, unknown>): Promise<void>;
  /** POST /v1/identify at the clock's time. */
  identify(traits: Record<string, unknown>): Promise<void>;
  /** Moves the clock to `iso` and runs the object's alarm (everything due by then); false if none was armed. */
  at(iso: string): Promise<boolean>;
  /** GET /v1/admin/users/{id}/messages as `Sent` rows. */
  sent(): Promise<Sent[]>;
  /** GET /v1/admin/users/{id}/trace. */
  trace(): Promise<TraceLine[]>;
  /** GET /v1/admin/users/{id}. */
  profile(): Promise<ProfileSummary>;
  /** The browser opts in to web push: POST /v1/push/subscriptions with a real key pair. */
  subscribeWebPush(): Promise<void>;
  /** The web push payloads the subscribed browser got so far, decrypted with its private key. */
  webPushShown(): Promise<unknown[]>;
  /** The site's SDK polls GET /v1/inbox (an SDK session: in-app and overlay reachability); returns the frames. */
  inbox(): Promise<Array<Record<string, unknown>>>;
}

/**
 * What the seeds' data services answer to `fetch_data`: the recommendation engine
 * (recommendations.example.com) and the LMS (lms.example.com). JSON, or a Response sent as is.
 */
export type DataServices = (url: URL) => unknown;

/** The hosts the seed journeys' fetch_data nodes call. */
const DATA_HOSTS: ReadonlySet<string> = new Set(["recommendations.example.com", "lms.example.com"]);

/**
 * A manual clock at `start`, the fake providers, `data` answering the seeds' data services, and
 * journey stats counted in D1. Returns a factory of fresh users (ids unique in the isolate).
 */
export function seedWorld(start: string, data: DataServices = () => ({ items: [] })): { world: World; user(prefix: string): SeedUser } {
  const w = world(start);
  const providers = w.providers;
  setUserObjectDeps({
    fetch: async (input, init) => {
      const url = new URL(new Request(input, init).url);
      if (!DATA_HOSTS.has(url.host)) return providers.fetch(input, init);
      // Recorded like every provider request, answered with the test's data.
      await providers.fetch(input, init);
      const answer = data(url);
      return answer instanceof Response ? answer : Response.json(answer);
    },
    stats: statsIntoCatalog,
  });
  return { world: w, user: (prefix) => seedUser(w, `${prefix}-${++userSeq}-${Math.random().toString(36).slice(2, 7)}`) };
}

let userSeq = 0;

function seedUser(w: World, id: string): SeedUser {
  const stub = userObject(id);
  const send = async (path: "/track" | "/identify", body: Record<string, unknown>): Promise<void> => {
    const res = await call("POST", `/v1${path}`, { auth: `basic:${WRITE_KEY}`, body: { userId: id, timestamp: new Date(w.clock.now()).toISOString(), ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await stub.flush();
  };
  const read = async <T>(path: string): Promise<T> => {
    const res = await admin<T>("GET", `/users/${encodeURIComponent(id)}${path}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  let browser: Awaited<ReturnType<typeof subscriber>> | undefined;
  const endpoint = `https://push.test/sub/${id}`;
  const u: SeedUser = {
    id,
    world: w,
    track: (event, properties = {}) => send("/track", { event, properties }),
    identify: (traits) => send("/identify", { traits }),
    at: async (iso) => {
      w.clock.set(Date.parse(iso));
      const ran = await runDurableObjectAlarm(stub);
      await stub.flush();
      return ran;
    },
    sent: async () => (await read<{ messages: MessageLogEntry[] }>("/messages")).messages.map((m) => [m.node, m.channel, m.template, m.status, m.at]),
    trace: async () => (await read<{ trace: TraceLine[] }>("/trace")).trace,
    profile: () => read<ProfileSummary>(""),
    subscribeWebPush: async () => {
      browser = await subscriber();
      const subscription = { endpoint, expirationTime: null, keys: { p256dh: browser.p256dh, auth: browser.auth } };
      const res = await call("POST", "/v1/push/subscriptions", { body: { writeKey: WRITE_KEY, userId: id, subscription } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    },
    webPushShown: async () => {
      const keys = browser;
      if (keys === undefined) return [];
      const pushes = w.providers.to("push.test").filter((r) => r.url.href === endpoint);
      return Promise.all(pushes.map(async (r) => JSON.parse(await decryptWebPush(r.body, keys.privateKey, fromBase64url(keys.p256dh), keys.authSecret))));
    },
    inbox: async () => {
      const res = await call<{ messages: Array<Record<string, unknown>> }>("GET", `/v1/inbox?writeKey=${WRITE_KEY}&userId=${encodeURIComponent(id)}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.messages;
    },
  };
  return u;
}
