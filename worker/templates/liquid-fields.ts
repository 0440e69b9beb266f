/**
 * Which fields of a template are Liquid, per channel, and a walker that finds them in a template.
 * Shared by validation (syntax check each one) and rendering (render each one).
 */
import type { LiquidMode } from "./liquid.ts";
import type { TemplateChannel } from "./schema.ts";

/** Dotted paths; `*` matches every array index or record key at that level. */
const LIQUID_FIELDS: Record<TemplateChannel, readonly string[]> = {
  email: ["subject", "html", "text", "from", "reply_to"],
  sms: ["body"],
  whatsapp: ["body", "template.parameters.*"],
  web_push: ["title", "body", "icon", "image", "badge", "tag", "url", "actions.*.title", "actions.*.url"],
  mobile_push: ["title", "body", "url", "image", "data.*"],
  in_app: ["title", "body", "image", "buttons.*.label", "buttons.*.value"],
  web_overlay: ["title", "body", "image", "buttons.*.label", "buttons.*.value"],
  survey: ["title", "question", "options.*"],
};

/** Fields whose output is HTML-escaped. */
const HTML_FIELDS = new Set(["email:html"]);

export interface LiquidField {
  path: Array<string | number>;
  source: string;
  mode: LiquidMode;
}

/** Every Liquid string present in `template` (of `channel`), with its path. Pure. */
export function liquidFields(channel: TemplateChannel, template: Record<string, unknown>): LiquidField[] {
  const out: LiquidField[] = [];
  for (const pattern of LIQUID_FIELDS[channel]) {
    const mode: LiquidMode = HTML_FIELDS.has(`${channel}:${pattern}`) ? "html" : "text";
    walk(template, pattern.split("."), [], (path, value) => {
      if (typeof value === "string") out.push({ path, source: value, mode });
    });
  }
  return out;
}

function walk(value: unknown, rest: string[], path: Array<string | number>, visit: (path: Array<string | number>, value: unknown) => void): void {
  const [head, ...tail] = rest;
  if (head === undefined) return visit(path, value);
  if (head === "*") {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, tail, [...path, i], visit));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) walk(v, tail, [...path, k], visit);
    return;
  }
  if (isRecord(value) && head in value) walk(value[head], tail, [...path, head], visit);
}

/** Returns a deep copy of `value` with the string at `path` replaced. Pure. */
export function setPath(value: unknown, path: ReadonlyArray<string | number>, replacement: string): unknown {
  const [head, ...tail] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value) && typeof head === "number") return value.map((item, i) => (i === head ? setPath(item, tail, replacement) : item));
  if (isRecord(value)) return { ...value, [head]: setPath(value[head], tail, replacement) };
  return value;
}

/** `a.b[2].c` for a path. Pure. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? String(part) : `.${String(part)}`;
  return out;
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
