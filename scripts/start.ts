/**
 * `npm start`: runs `wrangler dev` on 127.0.0.1 ($PORT or 8787) with local state persisted in
 * .wrangler/state ($NUDGE_STATE_DIR) and wrangler's log level $NUDGE_LOG_LEVEL (default `log`: the
 * Worker's console.log lines, such as the dev sink's "[nudge] send …", are hidden at `warn` and
 * below; wrangler's request lines come with them), waits until the Worker answers, publishes the demo workspace's
 * seed catalog (idempotently), and prints what to try next. Ctrl-C stops wrangler.
 */
import { spawn } from "node:child_process";
import { seedDemo } from "./seed-demo.ts";

const port = process.env["PORT"] ?? "8787";
const url = `http://127.0.0.1:${port}`;
const writeKey = process.env["NUDGE_WRITE_KEY"] ?? "wk_dev";
const secretKey = process.env["NUDGE_SECRET_KEY"] ?? "sk_dev";
const logLevel = process.env["NUDGE_LOG_LEVEL"] ?? "log";
const stateDir = process.env["NUDGE_STATE_DIR"] ?? ".wrangler/state";

const wrangler = spawn(
  "wrangler",
  ["dev", "--ip", "127.0.0.1", "--port", port, "--persist-to", stateDir, "--log-level", logLevel, "--show-interactive-dev-session=false"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      // Offline-friendly and quiet: no metrics, no account lookups, no local dashboards.
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      X_LOCAL_OBSERVABILITY: "false",
      X_LOCAL_EXPLORER: "false",
    },
  },
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    wrangler.kill(signal);
  });
}
wrangler.on("exit", (code) => process.exit(stopping ? 0 : (code ?? 1)));

/** Polls /health until the Worker answers (wrangler prints "Ready" only at some log levels). */
async function waitUntilReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer on ${url} within ${timeoutMs / 1000} s`);
}

try {
  await waitUntilReady(90_000);
  const summary = await seedDemo({ url, secretKey });
  const journeys = Object.entries(summary.journeys);
  console.log(`\nNudge is running on ${url}`);
  console.log(`Demo workspace "demo": ${journeys.length} journeys, ${summary.segments} segments, ${summary.templates} templates`);
  for (const [id, what] of journeys) console.log(`  ${id.padEnd(24)} ${what}`);
  console.log(`
Next:
  Demo page:    ${url}/
  Identify:     curl -u ${writeKey}: ${url}/v1/identify -H 'content-type: application/json' \\
                  -d '{"userId":"ada","traits":{"email":"ada@example.com","first_name":"Ada"}}'
  Track:        curl -u ${writeKey}: ${url}/v1/track -H 'content-type: application/json' \\
                  -d '{"userId":"ada","event":"Course Completed","properties":{"course_id":"intro-sql"}}'
  Message log:  curl -H 'authorization: Bearer ${secretKey}' ${url}/v1/admin/users/ada/messages
  API docs:     ${url}/v1/openapi.json   (docs/api.md)
Ctrl-C stops it; state stays in ${stateDir}.`);
} catch (err) {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  wrangler.kill("SIGTERM");
  process.exitCode = 1;
}
