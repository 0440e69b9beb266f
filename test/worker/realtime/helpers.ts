/**
 * The realtime tests' world: the real Worker (exports.default.fetch) and User Durable Objects in
 * workerd, the catalog published through the admin API, a manual clock in the objects, and
 * browser-side WebSockets opened through `GET /v1/connect` as the SDK opens them.
 */
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { createCatalogReader } from "../../../worker/catalog/reader.ts";
import type { CatalogReader } from "../../../worker/catalog/types.ts";
import { Journey } from "../../../worker/journey/schema/journey.ts";
import { ManualClock } from "../../../worker/lib/clock.ts";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import { admin, call, WRITE_KEY } from "../routes/api.ts";

export { resetUserObjectDeps } from "../../../worker/user/config.ts";
export const WORKSPACE = "demo";
export const HOUR = 3_600_000;

let clock: ManualClock | undefined;

/** A manual clock (from now) and no stats queue in every user object of this isolate. */
export function useClock(): ManualClock {
  clock = new ManualClock(Date.now());
  setUserObjectDeps({ clock, stats: () => async () => {} });
  return clock;
}

/** PUTs an admin document; fails the test on a 4xx/5xx. */
export async function put(path: string, body: unknown): Promise<void> {
  const res = await admin("PUT", path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
}

/** Saves and publishes a journey. */
export async function publishJourney(journey: { id: string } & Record<string, unknown>): Promise<void> {
  await put(`/journeys/${journey.id}`, { name: journey.id, entry: { reentry: "always" }, ...journey });
  const res = await admin("POST", `/journeys/${journey.id}/publish`);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

/**
 * The real catalog plus `extra` journeys live as version 1, for definitions the admin API refuses
 * to publish today (a `survey` node with its `survey` template: worker/journey/validate/references.ts
 * wants the template's channel to equal the node's).
 */
export function withExtraJourneys(extra: unknown[]): void {
  const journeys = extra.map((d) => Journey.parse(d));
  const live = journeys.map((definition) => ({ id: definition.id, version: 1, status: "active" as const, definition }));
  setUserObjectDeps({
    catalog: (workerEnv): CatalogReader => {
      const base = createCatalogReader(workerEnv);
      return {
        live: async (workspace) => {
          const catalog = await base.live(workspace);
          return { ...catalog, version: `${catalog.version}+extra`, journeys: [...catalog.journeys, ...live] };
        },
        journeyVersion: async (workspace, id, version) => journeys.find((j) => j.id === id) ?? base.journeyVersion(workspace, id, version),
        template: (workspace, id) => base.template(workspace, id),
      };
    },
  });
}

let seq = 0;
/** A browser identity unique in this isolate. */
export function newVisitor(prefix: string): { userId: string; anonymousId: string } {
  seq += 1;
  return { userId: `${prefix}-${seq}-${Math.random().toString(36).slice(2, 7)}`, anonymousId: `anon-${prefix}-${seq}` };
}

/** The user's object (flush, reads). */
export function userObject(userId: string) {
  return env.USERS.getByName(`${WORKSPACE}:${userId}`);
}

/** The query string the SDK puts on its GET calls. */
export function callerQuery(ids: Record<string, string>, writeKey: string | null = WRITE_KEY): string {
  const q = new URLSearchParams(ids);
  if (writeKey !== null) q.set("writeKey", writeKey);
  return q.toString();
}

/** The browser side of a `/v1/connect` socket, with the frames it got in arrival order. */
export interface BrowserSocket {
  ws: WebSocket;
  /** Resolves with the next frame not yet taken (JSON-parsed). */
  next(): Promise<Record<string, unknown>>;
  /** Frames received and not yet taken. */
  pending(): Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens `GET /v1/connect?…` through the Worker's fetch handler and accepts the client side. */
export async function connect(query: string): Promise<BrowserSocket> {
  const res = await exports.default.fetch(`http://nudge.test/v1/connect?${query}`, { headers: { Upgrade: "websocket" } });
  expect(res.status, await (res.status === 101 ? Promise.resolve("") : res.text())).toBe(101);
  const ws = res.webSocket;
  if (ws === null) throw new Error("no webSocket on the 101 answer");
  ws.accept();
  const frames: Record<string, unknown>[] = [];
  const waiting: Array<(f: Record<string, unknown>) => void> = [];
  ws.addEventListener("message", (e) => {
    const frame: Record<string, unknown> = JSON.parse(String(e.data));
    const take = waiting.shift();
    if (take !== undefined) take(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })));
  // Every socket is greeted with a ping once the object holds it: from then on sends reach it.
  const greeting = frames.length > 0 ? frames.shift() : await new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  expect(greeting).toEqual({ type: "ping" });
  return {
    ws,
    closed,
    pending: () => [...frames],
    next: () => {
      const ready = frames.shift();
      return ready !== undefined ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** `GET /v1/inbox?…` as the SDK calls it. */
export function inbox(query: string) {
  return call<{ messages: Array<Record<string, unknown>> }>("GET", `/v1/inbox?${query}`);
}

/**
 * A track call as the SDK batches it (text/plain, write key in the body, page context), timed on
 * the objects' clock (without `sentAt`, which would re-time it to the real clock).
 */
export async function sdkTrack(ids: { userId: string; anonymousId: string }, event: string, properties: Record<string, unknown> = {}): Promise<void> {
  const now = new Date(clock?.now() ?? Date.now()).toISOString();
  const item = {
    type: "track", event, properties, messageId: crypto.randomUUID(), timestamp: now, ...ids,
    context: { library: { name: "nudge.js", version: "0.1.0" }, page: { path: "/", referrer: "", search: "", title: "Shop", url: "https://shop.example/" } },
  };
  const res = await call("POST", "/v1/batch", { body: JSON.stringify({ writeKey: WRITE_KEY, batch: [item] }), headers: { "content-type": "text/plain" } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A track call from a server (secret key, no SDK context): not an SDK session. */
export async function serverTrack(userId: string, event: string, properties: Record<string, unknown> = {}): Promise<void> {
  const res = await call("POST", "/v1/track", { auth: "bearer:sk_dev", body: { userId, event, properties } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await userObject(userId).flush();
}

/** What the SDK reports about a message (`POST /v1/messages/{id}/events`). */
export function report(ids: { userId: string; anonymousId: string }, id: string, body: Record<string, unknown>) {
  return call("POST", `/v1/messages/${encodeURIComponent(id)}/events`, {
    body: JSON.stringify({ writeKey: WRITE_KEY, ...ids, at: new Date().toISOString(), channel: "in_app", ...body }),
    headers: { "content-type": "text/plain" },
  });
}
