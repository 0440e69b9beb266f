/**
 * CPU time used by the processes of a `wrangler dev` run, read from /proc (Linux; elsewhere the
 * figures are empty): the load generator, wrangler's Node process, the workerd that proxies
 * requests (`entry`), and the workerd that runs the Worker and the Durable Objects (`user`).
 * Taken around a measured phase and divided by its requests, it says where each request's CPU goes.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

export type CpuSnapshot = Map<string, number>;

/** The role of a process in a `wrangler dev` run, from its command line; null for others. */
function role(args: string, port: number): string | null {
  if (args.includes("workerd serve")) return args.includes(`entry=127.0.0.1:${port} `) ? "workerd entry" : "workerd user";
  if (args.includes("wrangler-dist/cli.js dev") && args.includes(`--port ${port} `)) return "wrangler node";
  return null;
}

/** ms of CPU (user + system) per role, for the wrangler dev serving `port` and this process. */
export function cpuSnapshot(port: number): CpuSnapshot {
  const out: CpuSnapshot = new Map([["load generator", process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000]]);
  let listing = "";
  try {
    listing = execFileSync("ps", ["-eo", "pid,ppid,args"], { encoding: "utf8" });
  } catch {
    return out;
  }
  const rows = listing.split("\n").map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/)).filter((m) => m !== null);
  const ours = new Set<string>();
  for (const [, pid, , args] of rows) if (args !== undefined && pid !== undefined && role(args, port) === "wrangler node") ours.add(pid);
  for (const [, pid, ppid, args] of rows) {
    if (pid === undefined || args === undefined) continue;
    const name = role(args, port);
    // A workerd counts only if our wrangler started it (other benchmarks may be running).
    if (name === null || (name.startsWith("workerd") && !ours.has(ppid ?? ""))) continue;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      const ticks = Number(fields[11]) + Number(fields[12]);
      if (Number.isFinite(ticks)) out.set(name, (out.get(name) ?? 0) + ticks * 10);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** "role 1.23 ms, …" per request between two snapshots. */
export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): string {
  const parts: string[] = [];
  let total = 0;
  for (const [name, ms] of after) {
    const per = (ms - (before.get(name) ?? 0)) / Math.max(1, requests);
    total += per;
    parts.push(`${name} ${per.toFixed(2)}`);
  }
  return `${parts.join(", ")} = ${total.toFixed(2)} ms CPU per request`;
}
