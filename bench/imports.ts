/**
 * Import benchmark (`npm run bench:imports`): rows per second of a generated 100,000-row CSV
 * (~7 MB: id, e-mail, phone, plan, score, date), measured three ways:
 *
 * 1. parser: `CsvParser` alone over 64 KiB pieces, against a baseline in the same process on the
 *    same text (`split("\n")` then `split(",")`, which handles no quotes at all);
 * 2. pipeline: parser + column mapping + typing + chunking with chunk hashes (`readUpload` with a
 *    sink that drops its output) — all the CPU work of the upload handler;
 * 3. handler: POST /v1/admin/imports on `wrangler dev` (bench/imports-server.ts: real D1 and
 *    Queues, fresh state), from the first byte to the 202 — the queue consumer starts applying
 *    the rows meanwhile, on the same cores, as it would locally;
 * 4. consumer: how fast a 2,000-row import is applied to user objects through the real local
 *    queue, for new users (each one's Durable Object is created) and for the same users again
 *    with a changed trait.
 *
 * Nothing here is asserted: speed is measured, not tested. Absolute figures move with the load
 * of the machine; the ratios are the useful numbers.
 */
import { CsvParser } from "../worker/imports/csv/csv-parser.ts";
import { parseCsvPieces } from "../worker/imports/csv/read-csv.ts";
import { parseImportOptions } from "../worker/imports/options.ts";
import { readUpload } from "../worker/imports/upload/read-upload.ts";
import { startImportsWorker } from "./imports-server.ts";

const ROWS = 100_000;
const PIECE = 65_536;
const RUNS = 3;
const CONSUMER_ROWS = 2_000;
const port = (): number => Number(process.env["BENCH_IMPORTS_PORT"] ?? 8792);

function generate(rows: number, prefix: string): string {
  const lines = ["userId,email,phone,plan,score,signed_up"];
  for (let i = 1; i <= rows; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(`${prefix}${i},${prefix}${i}@example.com,+1415${String(i).padStart(7, "0")},${i % 3 === 0 ? "pro" : "free"},${i % 100},2026-04-${day}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

function pieces(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += PIECE) out.push(text.slice(i, i + PIECE));
  return out;
}

/** Best of `RUNS` timings of `work`, as rows per second. */
async function rowsPerSecond(rows: number, work: () => unknown): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return Math.round((rows / best) * 1000);
}

function options() {
  const parsed = parseImportOptions({});
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.options;
}

async function pure(text: string): Promise<void> {
  const parts = pieces(text);
  const parser = await rowsPerSecond(ROWS, () => {
    const p = new CsvParser();
    let n = 0;
    for (const piece of parts) n += p.push(piece).length;
    return n + p.finish().length;
  });
  const naive = await rowsPerSecond(ROWS, () => text.split("\n").map((line) => line.split(",")).length);
  const sink = { flush: async () => undefined };
  const pipeline = await rowsPerSecond(ROWS, async () => {
    async function* records() {
      yield* parseCsvPieces(parts);
    }
    return readUpload(records(), { workspace: "bench", options: options() }, sink);
  });
  console.log(`parser: ${parser.toLocaleString("en")} rows/s; naive split baseline: ${naive.toLocaleString("en")} rows/s (ratio ${(parser / naive).toFixed(2)})`);
  console.log(`parser + mapping + chunking: ${pipeline.toLocaleString("en")} rows/s`);
}

interface Status {
  id: string;
  status: string;
  rows: { read: number; queued: number; applied: number; failed: number; pending: number };
}

async function post(url: string, text: string, tries = 3): Promise<{ ms: number; status: Status }> {
  const start = performance.now();
  const res = await fetch(`${url}/v1/admin/imports`, { method: "POST", body: text, headers: { authorization: "Bearer sk_dev", "content-type": "text/csv" } });
  const body = await res.text();
  // wrangler dev sometimes restarts its workerd under load; an upload is safe to send again.
  if (res.status === 503 && tries > 1) {
    console.log(`(wrangler dev answered 503 "${body.slice(0, 60)}…"; sending again)`);
    await new Promise((r) => setTimeout(r, 2_000));
    return post(url, text, tries - 1);
  }
  if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${body.slice(0, 300)}`);
  const status: Status = JSON.parse(body);
  return { ms: performance.now() - start, status };
}

async function handler(text: string): Promise<void> {
  const server = await startImportsWorker(port());
  try {
    await post(server.url, generate(100, "warm-"));
    const { ms, status } = await post(server.url, text);
    console.log(`handler (POST to 202, ${status.rows.read.toLocaleString("en")} rows, ${(text.length / 1e6).toFixed(1)} MB): ${Math.round((ROWS / ms) * 1000).toLocaleString("en")} rows/s (${Math.round(ms)} ms)`);
  } finally {
    await server.stop();
  }
}

async function consumers(): Promise<void> {
  const server = await startImportsWorker(port());
  try {
    await consumer(server.url, "new users", generate(CONSUMER_ROWS, "apply-"));
    await consumer(server.url, "the same users updated", generate(CONSUMER_ROWS, "apply-").replace(/,(pro|free),/g, ",vip,"));
  } finally {
    await server.stop();
  }
}

/** Uploads `text` (already sent: the queue drains while it waits) and times it until nothing is pending. */
async function consumer(url: string, label: string, text: string): Promise<void> {
  const { status } = await post(url, text);
  const start = performance.now();
  let current = status;
  while (current.rows.pending > 0 && performance.now() - start < 300_000) {
    await new Promise((r) => setTimeout(r, 250));
    const res = await fetch(`${url}/v1/admin/imports/${status.id}`, { headers: { authorization: "Bearer sk_dev" } });
    current = JSON.parse(await res.text());
  }
  const ms = performance.now() - start;
  const done = current.rows.applied + current.rows.failed;
  console.log(`consumer, ${label} (${CONSUMER_ROWS.toLocaleString("en")} rows, 1 identify call each): ${Math.round((done / ms) * 1000).toLocaleString("en")} rows/s (${done} applied or failed in ${Math.round(ms)} ms)`);
}

const text = generate(ROWS, "u");
await pure(text);
await handler(text);
await consumers();
