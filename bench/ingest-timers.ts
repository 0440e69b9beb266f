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
  const track = (i: number): Req => ({
    method: "POST",
    path: "/v1/track",
    headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${auth.write}:`)}` },
    body: JSON.stringify({ userId: `timer-${i}`, event: "Bench Timer", messageId: `timer-${i}` }),
  });
  const started = performance.now();
  let next = 0;
  const post = async (): Promise<void> => {
    for (let i = next++; i < users; i = next++) await send(agent, base, track(i));
  };
  await Promise.all(Array.from({ length: connections }, post));
  const postSeconds = (performance.now() - started) / 1000;

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
