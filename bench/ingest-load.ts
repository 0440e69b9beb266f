/**
 * A small autocannon-style load generator: `connections` loops, each sending one request at a
 * time over a keep-alive socket for `seconds`, recording every latency. No dependencies.
 */
import { Agent, request } from "node:http";

export interface LoadResult {
  requests: number;
  errors: number;
  /** Failed requests by status ("0": network error). */
  errorsByStatus: Record<string, number>;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends one request; resolves to its status once the body is read. */
export function send(agent: Agent, base: URL, req: Req): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request({ host: base.hostname, port: base.port, path: req.path, method: req.method, headers: req.headers, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end(req.body);
  });
}

/** The q-quantile (0–1) of sorted `values`, in ms with 2 decimals. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return Math.round(value * 100) / 100;
}

/**
 * Runs `make(connection, i)` requests on `connections` loops for `seconds`, after a warm-up of
 * `warmupRequests` requests per loop (i = 0, 1, …) whose numbers are dropped — enough to create
 * every Durable Object the run touches, so the measurement is the steady state.
 */
export async function runLoad(
  url: string,
  make: (connection: number, i: number) => Req,
  options: { connections: number; seconds: number; warmupRequests?: number },
): Promise<LoadResult> {
  const base = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const phase = async (seconds: number, record: boolean, maxRequests = Number.POSITIVE_INFINITY): Promise<{ latencies: number[]; errors: number; byStatus: Record<string, number>; elapsed: number }> => {
    const latencies: number[] = [];
    const byStatus: Record<string, number> = {};
    let errors = 0;
    const started = performance.now();
    const end = started + seconds * 1000;
    const loop = async (connection: number): Promise<void> => {
      for (let i = 0; performance.now() < end && i < maxRequests; i++) {
        const t0 = performance.now();
        const status = await send(agent, base, make(connection, i)).catch(() => 0);
        if (status < 200 || status >= 300) {
          errors++;
          byStatus[String(status)] = (byStatus[String(status)] ?? 0) + 1;
        }
        else if (record) latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: options.connections }, (_, c) => loop(c)));
    return { latencies, errors, byStatus, elapsed: (performance.now() - started) / 1000 };
  };
  if ((options.warmupRequests ?? 0) > 0) await phase(600, false, options.warmupRequests);
  const { latencies, errors, byStatus, elapsed } = await phase(options.seconds, true);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    errorsByStatus: byStatus,
    seconds: Math.round(elapsed * 10) / 10,
    rps: Math.round(latencies.length / elapsed),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}
