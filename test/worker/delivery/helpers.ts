/**
 * The delivery tests' world: fake providers on local hosts (*.test) answering like the real APIs
 * and recording every request, the User DO's clock and fetch swapped through its test hook, and
 * the seed catalog (templates, segments, journeys) published through the admin API.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import { ManualClock } from "../../../worker/lib/clock.ts";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import type { MessageLogEntry, ProfileSummary, TraceLine } from "../../../worker/user/types.ts";
import { admin, call, WRITE_KEY } from "../routes/api.ts";
import { SEED_SEGMENTS, SEED_TEMPLATES } from "./seed-catalog.ts";

export { resetUserObjectDeps } from "../../../worker/user/config.ts";
export const WORKSPACE = "demo";
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface ProviderRequest {
  url: URL;
  method: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
  text: string;
  /** The JSON the fake answered with (null for an empty answer). */
  answer: unknown;
}

/** Local stand-ins for the providers: answers in each provider's documented shape. */
export class FakeProviders {
  readonly requests: ProviderRequest[] = [];
  /** Status to answer for a push endpoint path (default 201). */
  readonly pushStatus = new Map<string, number>();
  #n = 0;

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = new Uint8Array(await request.arrayBuffer());
    const url = new URL(request.url);
    this.#n += 1;
    const response = this.#answer(url);
    const text = await response.clone().text();
    this.requests.push({ url, method: request.method, headers: new Headers(request.headers), body, text: new TextDecoder().decode(body), answer: text === "" ? null : JSON.parse(text) });
    return response;
  };

  #answer(url: URL): Response {
    switch (url.host) {
      case "api.resend.test": return Response.json({ id: `re_${this.#n}` });
      case "api.twilio.test": return Response.json({ sid: `SM${String(this.#n).padStart(32, "0")}`, status: "queued" }, { status: 201 });
      case "graph.meta.test": return Response.json({ messaging_product: "whatsapp", contacts: [{ input: "x", wa_id: "x" }], messages: [{ id: `wamid.${this.#n}` }] });
      case "oauth.test": return Response.json({ access_token: "ya29.test-token", expires_in: 3599, token_type: "Bearer" });
      case "fcm.test": return Response.json({ name: `projects/nudge-test/messages/${this.#n}` });
      case "push.test": return new Response(null, { status: this.pushStatus.get(url.pathname) ?? 201, headers: { location: `https://push.test/m/${this.#n}` } });
      default: return Response.json({ items: [] });
    }
  }

  to(host: string): ProviderRequest[] {
    return this.requests.filter((r) => r.url.host === host);
  }
}

export interface World {
  clock: ManualClock;
  providers: FakeProviders;
}

/** Installs the fake providers and a manual clock at `start` in every user object of this isolate. */
export function world(start: string): World {
  const clock = new ManualClock(Date.parse(start));
  const providers = new FakeProviders();
  setUserObjectDeps({ clock, fetch: providers.fetch, stats: () => async () => {} });
  return { clock, providers };
}

/** PUTs a document through the admin API and fails the test on a 4xx/5xx. */
export async function put(path: string, body: unknown): Promise<void> {
  const res = await admin("PUT", path, body);
  expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
}

/** Saves and publishes a journey. */
export async function publishJourney(journey: { id: string } & Record<string, unknown>): Promise<void> {
  await put(`/journeys/${journey.id}`, journey);
  const res = await admin("POST", `/journeys/${journey.id}/publish`);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

/** The user's object (for flush, alarms and reads). */
export function userObject(userId: string) {
  return env.USERS.getByName(`${WORKSPACE}:${userId}`);
}

/** Sends a Segment call through the public API with the write key, then waits for its outbox work. */
export async function event(path: "/identify" | "/track", body: { userId: string } & Record<string, unknown>): Promise<void> {
  const res = await call("POST", `/v1${path}`, { auth: `basic:${WRITE_KEY}`, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await userObject(body.userId).flush();
}

/** Moves the clock and runs the user's alarm (due timers, deferred sends); waits for its outbox work. */
export async function advance(w: World, userId: string, ms: number): Promise<boolean> {
  w.clock.advance(ms);
  const ran = await runDurableObjectAlarm(userObject(userId));
  await userObject(userId).flush();
  return ran;
}

export const messages = (userId: string): Promise<MessageLogEntry[]> => userObject(userId).getMessages();
export const profile = (userId: string): Promise<ProfileSummary | null> => userObject(userId).getProfile();
export const trace = (userId: string): Promise<TraceLine[]> => userObject(userId).getTrace();

let seq = 0;
/** A user id unique within the test file. */
export function newUser(prefix: string): string {
  seq += 1;
  return `${prefix}-${seq}`;
}

/** The seed's templates and segments (seed-catalog.ts) and the given seed journeys, published to the demo workspace. */
export async function publishSeedCatalog(journeys: Array<{ id: string } & Record<string, unknown>>): Promise<void> {
  for (const template of SEED_TEMPLATES) await put(`/templates/${template.id}`, template);
  for (const segment of SEED_SEGMENTS) await put(`/segments/${segment.id}`, segment);
  for (const journey of journeys) await publishJourney(journey);
}
