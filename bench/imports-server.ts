/**
 * `wrangler dev` for the import benchmark: the Worker is bundled once into a temporary directory
 * and served from there (`--no-bundle`, no static files), so edits and builds elsewhere in the
 * tree cannot reload it mid-run — a reload drops the local queue's messages. The IMPORTS consumer
 * stays configured even when only uploads are measured: the local queue slows down badly as
 * unconsumed messages pile up (a 100,000-row upload took minutes instead of seconds).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export interface ImportsWorker {
  url: string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const QUIET = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };

async function snapshot(dir: string): Promise<string> {
  await build({
    entryPoints: [join(ROOT, "worker/index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    external: ["cloudflare:*", "node:*"],
    outfile: join(dir, "worker.js"),
    logLevel: "error",
  });
  const config = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(dir, "worker.js"))}`)
    .replace(/^\[assets\][^[]*/m, "");
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config);
  return path;
}

/** Starts the Worker on 127.0.0.1:`port` and waits (up to 2 minutes) until /health answers. */
export async function startImportsWorker(port: number): Promise<ImportsWorker> {
  const dir = mkdtempSync(join(tmpdir(), "nudge-imports-bench-"));
  const config = await snapshot(dir);
  const child: ChildProcess = spawn(
    "wrangler",
    ["dev", "--config", config, "--no-bundle", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", join(dir, "state"), "--log-level", "error", "--show-interactive-dev-session=false"],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...QUIET }, detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${url} within 120 s`);
}
