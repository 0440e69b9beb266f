/**
 * `renderTemplate`: fills a template's Liquid fields for one user. Never throws: a broken or
 * incomplete template comes back as `{ ok: false, reason }`, which the sender records as a
 * permanent failure for that message.
 */
import { formatPath, liquidFields, setPath } from "./liquid-fields.ts";
import { liquidMessage, liquidPosition, renderLiquid } from "./liquid.ts";
import { Template } from "./schema.ts";
import type { TemplateVars } from "./vars.ts";

export type RenderResult = { ok: true; rendered: Template } | { ok: false; reason: string; path?: string };

/** Templates already validated, by object identity (the catalog hands out the same objects). */
const validated = new WeakMap<object, Template>();

/**
 * Renders every Liquid field of `template` with `vars`, then checks the result against the
 * channel's schema again (a required field that renders empty is a failure).
 * @example await renderTemplate({ channel: "sms", body: "Hi {{ user.first_name }}" }, vars) // { ok: true, rendered: { channel: "sms", body: "Hi Ada" } }
 */
export async function renderTemplate(template: unknown, vars: TemplateVars): Promise<RenderResult> {
  const parsed = checked(template);
  if (!parsed.ok) return parsed;
  const source = parsed.template;
  let out: unknown = source;
  for (const field of liquidFields(source.channel, source)) {
    try {
      out = setPath(out, field.path, await renderLiquid(field.source, vars, field.mode, source.strict === true));
    } catch (error) {
      const at = liquidPosition(error);
      const where = at === undefined ? "" : ` (line ${at.line}, column ${at.column})`;
      const path = formatPath(field.path);
      return { ok: false, path, reason: `template ${path}: ${liquidMessage(error)}${where}` };
    }
  }
  const again = Template.safeParse(out);
  if (!again.success) {
    const issue = again.error.issues[0];
    const path = issue === undefined ? "" : formatPath(issue.path);
    return { ok: false, path, reason: `template ${path} after rendering: ${issue?.message ?? "invalid"}` };
  }
  return { ok: true, rendered: again.data };
}

function checked(template: unknown): { ok: true; template: Template } | { ok: false; reason: string } {
  if (typeof template === "object" && template !== null) {
    const hit = validated.get(template);
    if (hit !== undefined) return { ok: true, template: hit };
  }
  const parsed = Template.safeParse(template);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid template: ${issue === undefined ? "" : `${formatPath(issue.path)} `}${issue?.message ?? ""}`.trim() };
  }
  if (typeof template === "object" && template !== null) validated.set(template, parsed.data);
  return { ok: true, template: parsed.data };
}
