/**
 * Starts `wrangler dev` on loopback for the ingest benchmark: a fresh state directory, quiet
 * logs, and a promise that resolves once /health answers. `stop()` ends it (and its workerd).
 *
 * The Worker is bundled once into the temporary directory and served from there (`--no-bundle`
 * with a copy of wrangler.toml pointing at the bundle): `wrangler dev` restarts the Worker
 * whenever a watched source file changes ("Your worker restarted mid-request"), which would turn
 * edits made in the tree during a run into failed requests.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const quiet = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };

/** Bundles the Worker into `dir` and writes a config that serves that bundle; returns the config path. */
function snapshotWorker(dir: string): string {
  const dist = join(dir, "dist");
  execFileSync("wrangler", ["deploy", "--dry-run", "--outdir", dist], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...quiet } });
  const config = readFileSync("wrangler.toml", "utf8")
    .replace(/^main = .*$/m, `main = ${JSON.stringify(join(dist, "index.js"))}`)
    .replace(/^directory = "public"$/m, `directory = ${JSON.stringify(resolve("public"))}`);
  const path = join(dir, "wrangler.toml");
  writeFileSync(path, config);
  return path;
}

export interface DevServer {
  url: string;
  stop(): Promise<void>;
}

/** Runs wrangler dev on 127.0.0.1:`port` (plus `extraArgs`, e.g. `--config`) and waits (up to `timeoutMs`) until it answers. */
export async function startDevServer(port: number, timeoutMs = 120_000, extraArgs: string[] = []): Promise<DevServer> {
  const temp = mkdtempSync(join(tmpdir(), "nudge-bench-"));
  const state = join(temp, "state");
  const config = snapshotWorker(temp);
  const child: ChildProcess = spawn(
    "wrangler",
    ["dev", "--config", config, "--no-bundle", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--log-level", "error", "--show-interactive-dev-session=false", ...extraArgs],
    { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...quiet }, detached: true },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    }
    rmSync(temp, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
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
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs / 1000} s`);
}
