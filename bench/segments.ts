/**
 * Segment benchmark (`npm run bench:segments`): what segment evaluation costs per event as the
 * number of segment definitions grows (10, 100, 1,000), as ratios measured in the same run.
 *
 *   (1) pure: evaluateSegment over N segments for one user with a 40-event history, the work the
 *       User Durable Object does when it evaluates every segment (a user's first event, a new
 *       catalog version, a fresh object) — ratio per segment against the 10-segment case; and
 *       the cost of indexing N segments (at most once per catalog version and object).
 *   (2) end to end, on `wrangler dev` (fresh state, started here): POST /v1/track throughput and
 *       latency with N segments published and no journeys — ratio against the no-segment
 *       baseline measured first. Each stage uses fresh users, so histories are alike.
 *
 * Segments are a mix: a third attribute filters (`plan eq …`), a third event rules
 * (`Viewed Product` with a property filter, within 7d), a third inactivity (`inactive_for`).
 * Env: BENCH_PORT (8798), BENCH_CONNECTIONS (8), BENCH_SECONDS (5), BENCH_USERS_PER_CONNECTION (8),
 *      BENCH_SKIP_SERVER (set to skip part 2).
 */
import { evaluateSegment } from "../worker/journey/segments/evaluate-segment.ts";
import { factsFromEvents } from "../worker/journey/segments/facts-from-events.ts";
import { buildSegmentIndex } from "../worker/journey/segments/segment-index.ts";
import { Segment } from "../worker/journey/schema/segment.ts";
import type { UserEvent } from "../worker/journey/types.ts";
import { type LoadResult, type Req, runLoad } from "./ingest-load.ts";
import { startDevServer } from "./ingest-server.ts";

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? "");
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const port = num("BENCH_PORT", 8798);
const connections = num("BENCH_CONNECTIONS", 8);
const seconds = num("BENCH_SECONDS", 5);
const usersPerConnection = num("BENCH_USERS_PER_CONNECTION", 8);
const SIZES = [10, 100, 1000] as const;
const SECRET = "sk_dev";
const WRITE = "wk_dev";

/** Segment `i` of the benchmark mix (valid by the worker's schema). */
function segmentDoc(i: number): Segment {
  const id = `bench-seg-${i}`;
  switch (i % 3) {
    case 0:
      return Segment.parse({ id, name: id, where: { attribute: "plan", op: "eq", value: `plan-${i}` } });
    case 1:
      return Segment.parse({ id, name: id, events: [{ event: "Viewed Product", where: { property: "sku", op: "eq", value: `sku-${i % 50}` }, within: "7d" }] });
    default:
      return Segment.parse({ id, name: id, inactive_for: `${(i % 30) + 1}d` });
  }
}

/** (1) evaluations per second of N segments, for one user and one event. */
function pureRate(n: number): number {
  const segments = Array.from({ length: n }, (_, i) => segmentDoc(i));
  const now = Date.parse("2026-06-01T12:00:00Z");
  const events: UserEvent[] = Array.from({ length: 40 }, (_, k) => ({ name: k % 2 === 0 ? "Viewed Product" : "Page Viewed", properties: { sku: `sku-${k % 50}` }, at: now - (40 - k) * 3_600_000 }));
  const facts = factsFromEvents({ attributes: { plan: "plan-3" }, timeZone: "Europe/Paris", events, now });
  let members = 0;
  const run = (rounds: number): number => {
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) for (const s of segments) if (evaluateSegment(s, facts, now).member) members++;
    return performance.now() - t0;
  };
  run(Math.max(1, Math.floor(200 / n))); // warm-up
  let rounds = 1;
  let ms = run(rounds);
  while (ms < 500) {
    rounds *= 2;
    ms = run(rounds);
  }
  if (members < 0) console.log(members); // keeps the loop's result alive
  return rounds / (ms / 1000);
}

/** Microseconds to index N segments (at most once per catalog version and object). */
function indexUs(n: number): number {
  const segments = Array.from({ length: n }, (_, i) => segmentDoc(i));
  let names = 0;
  const run = (rounds: number): number => {
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) names += buildSegmentIndex(segments).names.length;
    return performance.now() - t0;
  };
  run(Math.max(1, Math.floor(200 / n))); // warm-up
  let rounds = 1;
  let ms = run(rounds);
  while (ms < 200) {
    rounds *= 2;
    ms = run(rounds);
  }
  if (names < 0) console.log(names); // keeps the loop's result alive
  return (ms * 1000) / rounds;
}

/** An admin call; retried on 503 (wrangler dev reloads when files under worker/ change). */
async function admin(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${url}/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.ok) return res.json();
    if (res.status !== 503 || attempt >= 5) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * Publishes segments [from, to) four at a time, then waits for the backfill (the newest one
 * supersedes the others) to finish and for the isolates' catalog cache to expire, so the
 * measurement sees only per-event work.
 */
async function publishSegments(url: string, from: number, to: number): Promise<number> {
  const t0 = performance.now();
  const ids = Array.from({ length: to - from }, (_, k) => from + k);
  const worker = async (): Promise<void> => {
    for (let i = ids.shift(); i !== undefined; i = ids.shift()) await admin(url, "PUT", `/segments/bench-seg-${i}`, segmentDoc(i));
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  for (let i = 0; i < 600; i++) {
    const view = await admin(url, "GET", `/segments/bench-seg-${to - 1}`);
    const backfill: unknown = typeof view === "object" && view !== null ? Reflect.get(view, "backfill") : null;
    if (typeof backfill === "object" && backfill !== null && Reflect.get(backfill, "complete") === true) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  const elapsed = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 6_000));
  return elapsed;
}

const line = (name: string, r: LoadResult, base?: LoadResult): string =>
  `${name.padEnd(26)} ${String(r.rps).padStart(6)} req/s   p50 ${r.p50.toFixed(2).padStart(6)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms` +
  (base === undefined ? "" : `   throughput ×${(r.rps / base.rps).toFixed(2)}, p50 ×${(r.p50 / base.p50).toFixed(2)}`) +
  `   (${r.requests} ok, ${r.errors} errors)`;

console.log("(1) pure evaluation, one user with 40 events, per event:");
const pure = SIZES.map((n) => ({ n, rate: pureRate(n) }));
const base10 = pure[0]?.rate ?? 1;
for (const { n, rate } of pure) {
  const perEventUs = 1e6 / rate;
  console.log(`  ${String(n).padStart(5)} segments: ${perEventUs.toFixed(1).padStart(9)} µs per event   (${(perEventUs / n).toFixed(2)} µs per segment; ×${(base10 / rate).toFixed(1)} the 10-segment cost)`);
}
console.log("    indexing the segments (at most once per catalog version and object):");
for (const n of SIZES) console.log(`  ${String(n).padStart(5)} segments: ${indexUs(n).toFixed(1).padStart(9)} µs`);

if (process.env["BENCH_SKIP_SERVER"] === undefined) {
  const server = await startDevServer(port);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void server.stop().finally(() => process.exit(130)));
  try {
    console.log(`(2) POST /v1/track on wrangler dev, ${connections} connections × ${usersPerConnection} users, ${seconds} s per stage, no journeys:`);
    const stage = (label: string) => (c: number, i: number): Req => ({
      method: "POST",
      path: "/v1/track",
      headers: { "content-type": "application/json", authorization: `Basic ${btoa(`${WRITE}:`)}` },
      body: JSON.stringify({ userId: `${label}-${c}-${i % usersPerConnection}`, event: "Viewed Product", properties: { sku: `sku-${i % 50}` } }),
    });
    const load = { connections, seconds, warmupRequests: usersPerConnection };
    const baseline = await runLoad(server.url, stage("s0"), load);
    console.log(line("no segments (baseline)", baseline));
    let published = 0;
    for (const n of SIZES) {
      const took = await publishSegments(server.url, published, n);
      console.log(`  published ${n - published} more segments and backfilled the users so far in ${took.toFixed(1)} s`);
      published = n;
      console.log(line(`${n} segments`, await runLoad(server.url, stage(`s${n}`), load), baseline));
    }
  } finally {
    await server.stop();
  }
}
