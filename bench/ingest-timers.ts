/**
 * Timer lateness: N users each enter a journey that waits a few seconds and then sends. Every
 * user's object arms its own alarm; lateness is when the wait resumed (the trace's `resume` line)
 * minus when it was due (its `wait` line + the wait). Also counts sends fired vs expected.
 */
import { Agent } from "node:http";
import { type Req, quantile, send } from "./ingest-load.ts";

export interface TimerResult {
  users: number;
  fired: number;
  p50: number;
  p99: number;
  max: number;
  postSeconds: number;
}

interface TraceLine {
  at: string;
  kind: string;
  journeyId: string | null;
}

/** The journey the timer benchmark publishes. */
export function timerJourney(waitSeconds: number): object {
  return {
    id: "bench-timer",
    name: "Benchmark: wait then send",
    trigger: { type: "event", event: "Bench Timer" },
    start: "wait",
    nodes: {
      wait: { type: "wait", duration: `${waitSeconds}s`, next: "send" },
      send: { type: "send", channel: "email", template: "bench-email", next: "end" },
      end: { type: "end" },
    },
  };
}

/** Enters `users` users (over `connections` loops), waits for their timers, and measures. */
export async function measureTimers(url: string, auth: { write: string; secret: string }, users: number, waitSeconds: number, connections: number): Promise<TimerResult> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  // One batch per user: its address (a marketing send to a user without one is suppressed), then the event.
  const track = (i: number): Req => ({
    method: "POST",
    path: "/v1/batch",
    headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${auth.write}:`)}` },
    body: JSON.stringify({
      batch: [
        { type: "identify", userId: `timer-${i}`, traits: { email: `timer-${i}@example.com` }, messageId: `timer-${i}-id` },
        { type: "track", userId: `timer-${i}`, event: "Bench Timer", messageId: `timer-${i}` },
      ],
    }),
  });
  const started = performance.now();
  let next = 0;
  // A sender retries what was not accepted (as Segment clients do: 5xx and network errors);
  // messageIds make the retries safe. Failures are counted and reported.
  const failures = new Map<string, number>();
  const post = async (): Promise<void> => {
    for (let i = next++; i < users; i = next++) {
      for (let attempt = 1; attempt <= 5; attempt++) {
        const status = await send(agent, base, track(i)).catch(() => 0);
        if (status >= 200 && status < 300) break;
        failures.set(String(status), (failures.get(String(status)) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, post));
  const postSeconds = (performance.now() - started) / 1000;
  if (failures.size > 0) console.log(`  entering: failed attempts by status (retried): ${JSON.stringify(Object.fromEntries(failures))}`);

  await new Promise((r) => setTimeout(r, waitSeconds * 1000 + 2_000));
  const lateness: number[] = [];
  let pending = Array.from({ length: users }, (_, i) => i);
  for (let round = 0; round < 15 && pending.length > 0; round++) {
    if (round > 0) await new Promise((r) => setTimeout(r, 2_000));
    const still: number[] = [];
    let cursor = 0;
    const read = async (): Promise<void> => {
      for (let k = cursor++; k < pending.length; k = cursor++) {
        const i = pending[k] ?? 0;
        const late = await latenessOf(url, auth.secret, `timer-${i}`, waitSeconds * 1000);
        if (late === null) still.push(i);
        else lateness.push(late);
      }
    };
    await Promise.all(Array.from({ length: connections }, read));
    pending = still;
  }
  agent.destroy();
  for (const i of pending.slice(0, 3)) console.log(`  not fired: timer-${i}: ${await describeUser(url, auth.secret, `timer-${i}`)}`);
  lateness.sort((a, b) => a - b);
  return { users, fired: lateness.length, p50: quantile(lateness, 0.5), p99: quantile(lateness, 0.99), max: lateness.at(-1) ?? Number.NaN, postSeconds: Math.round(postSeconds * 10) / 10 };
}

/** ms between when the user's wait was due and when it resumed; null if it has not fired yet. */
async function latenessOf(url: string, secret: string, userId: string, waitMs: number): Promise<number | null> {
  const res = await fetch(`${url}/v1/admin/users/${userId}/trace`, { headers: { authorization: `Bearer ${secret}` } });
  if (!res.ok) return null;
  const { trace } = (await res.json()) as { trace: TraceLine[] };
  const mine = trace.filter((t) => t.journeyId === "bench-timer");
  const waited = mine.find((t) => t.kind === "wait");
  const resumed = mine.find((t) => t.kind === "resume");
  if (waited === undefined || resumed === undefined) return null;
  return Date.parse(resumed.at) - (Date.parse(waited.at) + waitMs);
}

/** What a user's object says about a timer that did not fire (runs and the journey's trace). */
async function describeUser(url: string, secret: string, userId: string): Promise<string> {
  const headers = { authorization: `Bearer ${secret}` };
  const profile = await (await fetch(`${url}/v1/admin/users/${userId}`, { headers })).text();
  const { trace } = (await (await fetch(`${url}/v1/admin/users/${userId}/trace`, { headers })).json()) as { trace: TraceLine[] };
  return `${profile.slice(0, 400)} trace: ${JSON.stringify(trace.slice(-6))}`;
}
