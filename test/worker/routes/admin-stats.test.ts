/** GET /v1/admin/journeys/{id}/stats: counters the User DOs emit on the STATS queue, aggregated in D1. */
import { describe, expect, it } from "vitest";
import { admin, send } from "./api.ts";
import { emailTemplate, waitThenSendJourney } from "./fixtures.ts";

interface Stats {
  journey: string;
  version: number | "all";
  nodes: { node: string; type: string | null; entered: number; waiting: number; exited: number; converted: number; failed: number }[];
  totals: { entered: number; converted: number; exited: number; failed: number };
}

async function statsWhen(id: string, done: (s: Stats) => boolean): Promise<Stats> {
  let last: Stats | undefined;
  for (let i = 0; i < 60; i++) {
    last = (await admin<Stats>("GET", `/journeys/${id}/stats`)).body;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`stats never settled: ${JSON.stringify(last)}`);
}

describe("journey stats through the STATS queue", () => {
  it("counts entries, runs waiting at a node, and runs that finished", async () => {
    await admin("PUT", "/templates/st-email", emailTemplate("st-email"));
    await admin("PUT", "/journeys/st-j", waitThenSendJourney("st-j", "St Start", "st-email"));
    await admin("POST", "/journeys/st-j/publish");
    for (const user of ["st-1", "st-2", "st-3"]) {
      await send("/identify", { userId: user, traits: { email: `${user}@example.com` } });
      await send("/track", { userId: user, event: "St Start" });
    }
    await send("/track", { userId: "st-1", event: "Go" });

    const stats = await statsWhen("st-j", (s) => s.totals.entered === 3 && (s.nodes.find((n) => n.node === "end")?.entered ?? 0) === 1);
    const byNode = Object.fromEntries(stats.nodes.map((n) => [n.node, n]));
    expect(stats.version).toBe("all");
    expect(byNode["wait_go"]).toMatchObject({ type: "wait_for_event", entered: 3, waiting: 2 });
    expect(byNode["email"]).toMatchObject({ type: "send", entered: 1, waiting: 0 });
    expect(byNode["end"]).toMatchObject({ entered: 1, waiting: 0, exited: 1 });
  });

  it("reads one version with ?version= and refuses a bad one", async () => {
    await admin("PUT", "/templates/st2-email", emailTemplate("st2-email"));
    await admin("PUT", "/journeys/st-v", waitThenSendJourney("st-v", "St2 Start", "st2-email"));
    await admin("POST", "/journeys/st-v/publish");
    const v2 = await admin<Stats>("GET", "/journeys/st-v/stats?version=2");
    expect(v2.body).toMatchObject({ version: 2, totals: { entered: 0 } });
    expect((await admin("GET", "/journeys/st-v/stats?version=zero")).status).toBe(400);
  });
});
