/**
 * Runs the real Worker with `wrangler dev` on a free loopback port and a throwaway state
 * directory, for e2e tests against the real API. stop() ends the wrangler process group it started.
 *
 * The Worker is bundled once into the temporary directory and served from there (`--no-bundle`
 * with a copy of wrangler.toml pointing at the bundle, as bench/ingest-server.ts does): `wrangler
 * dev` restarts the Worker whenever a watched source file changes, dropping WebSockets and stalling
 * requests, so edits made in the tree during a run would fail tests that have nothing to do with them.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

export interface WranglerDev {
  origin: string;
  /** Output so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const address = srv.address();
  await new Promise((r) => srv.close(r));
  if (!address || typeof address == "string") throw new Error("no free port");
  return address.port;
}

const QUIET = { WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" };

/** Bundles the Worker into `dir` and writes a config serving that bundle (and public/); returns the config path. */
function snapshotWorker(dir: string): string {
  const dist = path.join(dir, "dist");
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", dist], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, ...QUIET } });
  const config = readFileSync("wrangler.toml", "utf8")
    .replace(/^main = .*$/m, `main = ${JSON.stringify(path.join(dist, "index.js"))}`)
    .replace(/^directory = "public"$/m, `directory = ${JSON.stringify(path.resolve("public"))}`);
  const file = path.join(dir, "wrangler.toml");
  writeFileSync(file, config);
  return file;
}

export async function startWranglerDev(timeoutMs = 90_000): Promise<WranglerDev> {
  const port = await freePort();
  const temp = mkdtempSync(path.join(os.tmpdir(), "nudge-wrangler-"));
  const state = path.join(temp, "state");
  let config: string;
  try {
    config = snapshotWorker(temp);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  const origin = `http://127.0.0.1:${port}`;
  let out = "";
  const args = ["wrangler", "dev", "--config", config, "--no-bundle", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--log-level", "warn", "--show-interactive-dev-session=false"];
  const child = spawn("npx", args, {
    detached: true, // its own process group, so stop() ends wrangler and the workerd it spawns
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...QUIET },
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    rmSync(temp, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${origin}/health`)).ok) return { origin, log: () => out, stop };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not answer on ${origin}:\n${out.slice(-2000)}`);
}
