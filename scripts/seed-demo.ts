/**
 * Publishes the demo workspace's seed catalog (examples/segments, examples/templates,
 * examples/journeys) through the admin API. Idempotent: documents are PUT (replaced), and a
 * journey is published only when it has never been or its draft changed — so running it again
 * creates no new version and leaves journeys you paused or archived alone.
 *
 *   npx node scripts/seed-demo.ts [--url http://127.0.0.1:8787] [--key sk_dev]
 * Used by scripts/start.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SeedOptions {
  /** The Worker's base URL. */
  url: string;
  /** The demo workspace's secret key. */
  secretKey: string;
  /** The examples directory. @default "examples" */
  dir?: string;
}

export interface SeedSummary {
  segments: number;
  templates: number;
  /** Journey id → what happened: "published vN" or "unchanged (vN, status)". */
  journeys: Record<string, string>;
}

interface Detail {
  status: string;
  version: number | null;
  draftChanged: boolean;
}

/** Seeds the catalog; throws with the server's error message when a document is refused. */
export async function seedDemo(options: SeedOptions): Promise<SeedSummary> {
  const dir = options.dir ?? "examples";
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${options.url}/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${options.secretKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    const parsed: T = JSON.parse(text);
    return parsed;
  };
  const docs = (kind: string): { id: string; body: unknown }[] =>
    readdirSync(join(dir, kind))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => {
        const body: unknown = JSON.parse(readFileSync(join(dir, kind, f), "utf8"));
        const id = typeof body === "object" && body !== null && typeof Reflect.get(body, "id") === "string" ? String(Reflect.get(body, "id")) : f.replace(/\.json$/, "");
        return { id, body };
      });

  const segments = docs("segments");
  for (const s of segments) await api("PUT", `/segments/${s.id}`, s.body);
  const templates = docs("templates");
  for (const t of templates) await api("PUT", `/templates/${t.id}`, t.body);
  const journeys: Record<string, string> = {};
  for (const j of docs("journeys")) {
    await api("PUT", `/journeys/${j.id}`, j.body);
    const detail = await api<Detail>("GET", `/journeys/${j.id}`);
    if (detail.version !== null && !detail.draftChanged) {
      journeys[j.id] = `unchanged (v${detail.version}, ${detail.status})`;
      continue;
    }
    const published = await api<{ version: number }>("POST", `/journeys/${j.id}/publish`);
    journeys[j.id] = `published v${published.version}`;
  }
  return { segments: segments.length, templates: templates.length, journeys };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (import.meta.main) {
  const url = arg("--url") ?? `http://127.0.0.1:${process.env["PORT"] ?? "8787"}`;
  const secretKey = arg("--key") ?? process.env["NUDGE_SECRET_KEY"] ?? "sk_dev";
  const summary = await seedDemo({ url, secretKey });
  console.log(`${summary.segments} segments, ${summary.templates} templates`);
  for (const [id, what] of Object.entries(summary.journeys)) console.log(`  ${id}: ${what}`);
}
