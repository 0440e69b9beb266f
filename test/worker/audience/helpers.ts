/**
 * Route-level audience tests: the real Worker (routes, D1, KV, queues) with the User Durable
 * Objects' clock and performer replaced (worker/user/config.ts test hook), so time is moved by
 * hand and sends are recorded instead of reaching a provider.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { expect } from "vitest";
import { ManualClock } from "../../../worker/lib/clock.ts";
import { setUserObjectDeps } from "../../../worker/user/config.ts";
import { RecordingPerformer } from "../user/helpers/recording-performer.ts";
import { admin } from "../routes/api.ts";
import { emailTemplate } from "../routes/fixtures.ts";

export { resetUserObjectDeps } from "../../../worker/user/config.ts";

export const WORKSPACE = "demo";
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A manual clock starting now (event timestamps default to the request time) and a recording performer. */
export function installFakes(): { clock: ManualClock; performer: RecordingPerformer } {
  const clock = new ManualClock(Date.now());
  const performer = new RecordingPerformer();
  setUserObjectDeps({ clock, performer: () => performer });
  return { clock, performer };
}

/** A unique suffix for ids, so tests sharing the demo workspace never see each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Stores the templates and the journey, and publishes it. */
export async function publish(journey: { id: string }, templates: string[] = []): Promise<void> {
  for (const t of templates) expect((await admin("PUT", `/templates/${t}`, emailTemplate(t))).status).toBeLessThan(300);
  const put = await admin("PUT", `/journeys/${journey.id}`, journey);
  expect(put.status, JSON.stringify(put.body)).toBeLessThan(300);
  expect((await admin("POST", `/journeys/${journey.id}/publish`)).status).toBeLessThan(300);
}

/** A journey: `trigger` → send email `template` → end (re-entry always). */
export function sendOn(id: string, trigger: object, template: string) {
  return {
    id,
    name: id,
    trigger,
    entry: { reentry: "always" },
    start: "email",
    nodes: { email: { type: "send", channel: "email", template, next: "end" }, end: { type: "end" } },
  };
}

/** The user's object (name as the Worker builds it). */
export function userObject(userId: string) {
  return env.USERS.getByName(`${WORKSPACE}:${userId}`);
}

export function visitorObject(anonymousId: string) {
  return env.USERS.getByName(`${WORKSPACE}:anon:${anonymousId}`);
}

/** Runs the object's alarm now (after the test moved the clock); true if one was armed. */
export function runAlarm(stub: DurableObjectStub): Promise<boolean> {
  return runDurableObjectAlarm(stub);
}

/** Message-log templates with status "sent", for an admin path id. */
export async function sentTemplates(id: string): Promise<string[]> {
  const log = await admin<{ messages: { template: string; status: string }[] }>("GET", `/users/${id}/messages`);
  return log.body.messages.filter((m) => m.status === "sent").map((m) => m.template);
}

/** Polls `read` until `done` holds (queues deliver asynchronously), up to ~15 s. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let last = await read();
  for (let i = 0; i < 60 && !done(last); i++) {
    await new Promise((r) => setTimeout(r, 250));
    last = await read();
  }
  return last;
}
