/**
 * Ingest benchmark (`npm run bench:ingest`), against `wrangler dev` on loopback, which it starts
 * itself (fresh state, quiet logs) with the ten seed journeys published:
 *   (a) POST /v1/admin/_bench/ping — a no-op Worker → User DO round trip (the floor)
 *   (b) POST /v1/track — Worker → DO → the event evaluated against all ten seed journeys plus
 *       one that sends at once → dev-sink send (the object answers at commit and sends right
 *       after, in the background)
 *   (b)/(a) throughput ratio at BENCH_CONNECTIONS; both again at 1 connection (latency without
 *   queueing), with event → send read from the message log; and timer lateness for N users each
 *   waiting a few seconds.
 *
 * Env: BENCH_PORT (8799), BENCH_CONNECTIONS (32), BENCH_SECONDS (8), BENCH_USERS_PER_CONNECTION (8),
 *      BENCH_TIMER_USERS (1000, up to 10000), BENCH_TIMER_WAIT_SECONDS (5).
 */
import { seedDemo } from "../scripts/seed-demo.ts";
import { Agent } from "node:http";
import { type LoadResult, type Req, quantile, runLoad, send } from "./ingest-load.ts";
import { startDevServer } from "./ingest-server.ts";
import { cpuPerRequest, cpuSnapshot } from "./process-cpu.ts";
import { measureTimers, timerJourney } from "./ingest-timers.ts";

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? "");
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const port = env("BENCH_PORT", 8799);
const connections = env("BENCH_CONNECTIONS", 32);
const seconds = env("BENCH_SECONDS", 8);
const usersPerConnection = env("BENCH_USERS_PER_CONNECTION", 8);
const timerUsers = Math.min(env("BENCH_TIMER_USERS", 1000), 10_000);
const timerWait = env("BENCH_TIMER_WAIT_SECONDS", 5);
const WRITE = "wk_dev";
const SECRET = "sk_dev";

async function admin(url: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${url}/v1/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
}

/** Seeds the ten journeys, plus the benchmark's own: one that sends at once, one that waits. */
async function prepare(url: string): Promise<void> {
  await seedDemo({ url, secretKey: SECRET });
  await admin(url, "PUT", "/templates/bench-email", { channel: "email", subject: "Hi {{ user.first_name }}", html: "<p>Benchmark</p>" });
  await admin(url, "PUT", "/journeys/bench-send", {
    id: "bench-send",
    name: "Benchmark: send at once",
    trigger: { type: "event", event: "Bench Event" },
    entry: { reentry: "always" },
    start: "send",
    nodes: { send: { type: "send", channel: "email", template: "bench-email", next: "end" }, end: { type: "end" } },
  });
  await admin(url, "POST", "/journeys/bench-send/publish");
  await admin(url, "PUT", "/journeys/bench-timer", timerJourney(timerWait));
  await admin(url, "POST", "/journeys/bench-timer/publish");
}

/** ms from each event's request to its message's `at`, matched in order per user (warm-ups skipped). */
async function eventToSend(url: string, sentAt: Map<string, number[]>): Promise<{ p50: number; p99: number; count: number }> {
  const latencies: number[] = [];
  for (const [userId, times] of sentAt) {
    const res = await fetch(`${url}/v1/admin/users/${userId}/messages`, { headers: { authorization: `Bearer ${SECRET}` } });
    const { messages } = (await res.json()) as { messages: { at: string; journey: string }[] };
    const mine = messages.filter((m) => m.journey === "bench-send");
    times.forEach((t, k) => {
      const message = mine[k];
      if (k > 0 && message !== undefined) latencies.push(Date.parse(message.at) - t);
    });
  }
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), count: latencies.length };
}

/** Sends `requests` on `connections` keep-alive loops; throws on any failure. */
async function identifyAll(url: string, requests: Req[], connections: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const queue = [...requests];
  const loop = async (): Promise<void> => {
    for (let req = queue.shift(); req !== undefined; req = queue.shift()) {
      const status = await send(agent, new URL(url), req);
      if (status < 200 || status >= 300) throw new Error(`${req.method} ${req.path} → ${status}`);
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
}

const line = (name: string, r: LoadResult): string =>
  `${name.padEnd(36)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(6)} ms   (${r.requests} ok, ${r.errors} errors${r.errors > 0 ? ` ${JSON.stringify(r.errorsByStatus)}` : ""}, ${r.seconds} s)`;

const server = await startDevServer(port);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void server.stop().finally(() => process.exit(130)));
}
try {
  await prepare(server.url);
  console.log(`wrangler dev on ${server.url}: ${connections} connections, ${seconds} s per run, ${usersPerConnection} users per connection`);
  const user = (c: number, i: number): string => `${c}-${i % usersPerConnection}`;
  // The benchmark journey sends e-mail, and a marketing send to a user without an address is
  // suppressed: every (b) user gets one first, so (b) measures a real dev-sink send.
  const identify = (userId: string): Req => ({
    method: "POST",
    path: "/v1/identify",
    headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${WRITE}:`)}` },
    body: JSON.stringify({ userId, traits: { email: `${userId}@example.com`, first_name: "Bench" } }),
  });
  const benchUsers = [
    ...Array.from({ length: connections * usersPerConnection }, (_, k) => `bench-${user(Math.floor(k / usersPerConnection), k)}`),
    ...Array.from({ length: usersPerConnection }, (_, k) => `latency-${k}`),
  ];
  await identifyAll(server.url, benchUsers.map(identify), connections);
  const ping = (c: number, i: number): Req => ({ method: "POST", path: `/v1/admin/_bench/ping?slot=${user(c, i)}`, headers: { authorization: `Bearer ${SECRET}` } });
  const track = (c: number, i: number): Req => ({
    method: "POST",
    path: "/v1/track",
    headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${WRITE}:`)}` },
    body: JSON.stringify({ userId: `bench-${user(c, i)}`, event: "Bench Event", properties: { i } }),
  });
  // Each throughput run is preceded by a short one that creates every object it touches, so the
  // CPU read around the measured run (per process, from /proc) is the steady state's.
  const measured = async (name: string, make: (c: number, i: number) => Req): Promise<LoadResult> => {
    await runLoad(server.url, make, { connections, seconds: 1, warmupRequests: usersPerConnection });
    const before = cpuSnapshot(port);
    const result = await runLoad(server.url, make, { connections, seconds });
    console.log(line(name, result));
    console.log(`    ${cpuPerRequest(before, cpuSnapshot(port), result.requests)}`);
    return result;
  };
  const pingLoad = await measured(`(a) no-op round trip, ${connections} conn`, ping);
  const trackLoad = await measured(`(b) track → send, ${connections} conn`, track);
  console.log(`(b)/(a) throughput ratio            ${(trackLoad.rps / pingLoad.rps).toFixed(2)}   (target ≥ 0.6)`);
  // Latency without queueing: one request at a time. The object answers at commit and sends in
  // the background, so event → send is read from the message log: the k-th event of a user made
  // its k-th message, and the message's `at` is when the dev sink took it.
  const single = { connections: 1, seconds, warmupRequests: usersPerConnection };
  console.log(line("(a) no-op round trip, 1 conn", await runLoad(server.url, ping, single)));
  const sentAt = new Map<string, number[]>();
  const timedTrack = (c: number, i: number): Req => {
    const userId = `latency-${i % usersPerConnection}`;
    sentAt.set(userId, [...(sentAt.get(userId) ?? []), Date.now()]);
    return { ...track(c, i), body: JSON.stringify({ userId, event: "Bench Event", properties: { i } }) };
  };
  console.log(line("(b) track → commit, 1 conn", await runLoad(server.url, timedTrack, single)));
  const e2s = await eventToSend(server.url, sentAt);
  console.log(`(b) event → send, 1 conn               p50 ${e2s.p50.toFixed(2).padStart(6)} ms   p99 ${e2s.p99.toFixed(2).padStart(6)} ms   (${e2s.count} sends; target p99 ≤ 50 ms)`);

  const timers = await measureTimers(server.url, { write: WRITE, secret: SECRET }, timerUsers, timerWait, connections);
  console.log(
    `timers: ${timers.users} users waiting ${timerWait} s (entered in ${timers.postSeconds} s): fired ${timers.fired}/${timers.users}, lateness p50 ${timers.p50} ms, p99 ${timers.p99} ms, max ${timers.max} ms   (target: all fire, p99 ≤ 1000 ms)`,
  );
} finally {
  await server.stop();
}
