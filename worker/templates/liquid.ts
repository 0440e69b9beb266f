/**
 * The Liquid engines templates render with (liquidjs, runs in workerd and Node), their limits and a
 * parse cache. Used by `validateTemplate` (syntax check) and `renderTemplate` / `renderJson`.
 *
 * Rules a template author relies on (docs/channels.md):
 * - Unknown filters are an error when the template is saved (`strictFilters`).
 * - A missing variable renders as "" (`{{ user.nickname | default: "friend" }}` for a fallback);
 *   `{{ x | required }}` makes a missing value fail the send instead, and a template with
 *   `"strict": true` treats every missing variable that way.
 * - In an e-mail's `html`, output is HTML-escaped (`{{ x | raw }}` opts out); other fields are plain text.
 */
import { Liquid, type Template as LiquidTemplate } from "liquidjs";

/** Parsed templates kept per engine; a worker renders the same few templates again and again. */
const CACHE_LIMIT = 1000;

function createEngine(escapeHtml: boolean): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    lenientIf: true,
    // Bounds a hostile or runaway template (huge loops, giant strings).
    parseLimit: 200_000,
    renderLimit: 1_000,
    memoryLimit: 20_000_000,
    ...(escapeHtml ? { outputEscape: "escape" as const } : {}),
  });
  engine.registerFilter("required", (value: unknown) => {
    if (value === undefined || value === null || value === "") throw new Error("a required value is missing");
    return value;
  });
  return engine;
}

const engines = { text: createEngine(false), html: createEngine(true) };
const caches = { text: new Map<string, LiquidTemplate[]>(), html: new Map<string, LiquidTemplate[]>() };

export type LiquidMode = keyof typeof engines;

/** Parses (or takes from the cache) a Liquid source. @throws the liquidjs error on bad syntax */
export function parseLiquid(source: string, mode: LiquidMode = "text"): LiquidTemplate[] {
  const cache = caches[mode];
  const hit = cache.get(source);
  if (hit !== undefined) {
    // Re-insert so the map's order approximates least-recently-used.
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const parsed = engines[mode].parse(source);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, parsed);
  return parsed;
}

/**
 * Renders a Liquid source with `vars`.
 * @param [strict=false] - every missing variable is an error
 * @throws the liquidjs error (syntax, missing required value, limits)
 */
export async function renderLiquid(source: string, vars: object, mode: LiquidMode = "text", strict = false): Promise<string> {
  if (!source.includes("{{") && !source.includes("{%")) return source;
  const parsed = parseLiquid(source, mode);
  const out: unknown = await engines[mode].render(parsed, vars, { strictVariables: strict });
  return typeof out === "string" ? out : String(out);
}

/** Where a liquidjs error points: its line and column, when it has a token. */
export function liquidPosition(error: unknown): { line: number; column: number } | undefined {
  if (typeof error !== "object" || error === null || !("token" in error)) return undefined;
  const token: unknown = error.token;
  if (typeof token !== "object" || token === null || !("getPosition" in token) || typeof token.getPosition !== "function") return undefined;
  const position: unknown = token.getPosition();
  if (!Array.isArray(position) || typeof position[0] !== "number" || typeof position[1] !== "number") return undefined;
  return { line: position[0], column: position[1] };
}

/** A liquidjs error's message without the ", line:1, col:4" suffix it appends. */
export function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, line:\d+, col:\d+$/, "");
}
