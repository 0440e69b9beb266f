/**
 * Liquid over JSON: renders every string inside a value (a webhook or fetch_data body, header
 * values, a URL). Keys and non-string leaves stay as they are. Never throws.
 */
import { formatPath, isRecord } from "./liquid-fields.ts";
import { liquidMessage, renderLiquid } from "./liquid.ts";
import type { TemplateVars } from "./vars.ts";

export type RenderJsonResult<T> = { ok: true; value: T } | { ok: false; reason: string; path: string };

/**
 * Renders the strings in `value` with `vars`. Pure apart from the parse cache.
 * @example await renderJson({ id: "{{ user.id }}", n: 3 }, vars) // { ok: true, value: { id: "u1", n: 3 } }
 */
export async function renderJson(value: unknown, vars: TemplateVars, path: Array<string | number> = []): Promise<RenderJsonResult<unknown>> {
  try {
    return { ok: true, value: await render(value, vars, path) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, path: error.path, reason: `${error.path || "value"}: ${error.message}` };
    return { ok: false, path: "", reason: liquidMessage(error) };
  }
}

/** Renders one Liquid string; `path` names it in the failure reason. Never throws. */
export async function renderString(source: string, vars: TemplateVars, path: string): Promise<RenderJsonResult<string>> {
  try {
    return { ok: true, value: await renderLiquid(source, vars) };
  } catch (error) {
    return { ok: false, path, reason: `${path}: ${liquidMessage(error)}` };
  }
}

class FieldError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

async function render(value: unknown, vars: TemplateVars, path: Array<string | number>): Promise<unknown> {
  if (typeof value === "string") {
    try {
      return await renderLiquid(value, vars);
    } catch (error) {
      throw new FieldError(formatPath(path), liquidMessage(error));
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(await render(value[i], vars, [...path, i]));
    return out;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await render(v, vars, [...path, k]);
    return out;
  }
  return value;
}
