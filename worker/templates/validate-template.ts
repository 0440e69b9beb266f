/**
 * `validateTemplate`: checks a template (as the admin API receives it) against its channel's
 * schema and parses every Liquid field, so a broken template is refused when it is saved, not
 * when a user should have received it.
 */
import { liquidFields, formatPath, isRecord } from "./liquid-fields.ts";
import { liquidMessage, liquidPosition, parseLiquid } from "./liquid.ts";
import { Template, TEMPLATE_CHANNELS, type TemplateChannel } from "./schema.ts";

/** One thing wrong with a template: the field (`buttons[1].value`), what, and for Liquid where. */
export interface TemplateProblem {
  path: string;
  message: string;
  /** 1-based line of a Liquid syntax error inside the field. */
  line?: number;
  column?: number;
}

export type TemplateValidation = { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] };

/**
 * Validates a template of any channel. Pure; never throws.
 * @example validateTemplate({ channel: "sms", body: "Hi {{ user.first_name }}" }) // { ok: true, template }
 * @example validateTemplate({ channel: "sms", body: "{% if x %}" }) // { ok: false, problems: [{ path: "body", line: 1, … }] }
 */
export function validateTemplate(input: unknown): TemplateValidation {
  if (!isRecord(input)) return fail([{ path: "", message: "a template must be a JSON object" }]);
  const channel = input.channel;
  if (!isTemplateChannel(channel)) {
    return fail([{ path: "channel", message: `must be one of ${TEMPLATE_CHANNELS.join(", ")}` }]);
  }
  const parsed = Template.safeParse(input);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })));
  }
  const problems: TemplateProblem[] = [];
  for (const field of liquidFields(channel, parsed.data)) {
    try {
      parseLiquid(field.source, field.mode);
    } catch (error) {
      const at = liquidPosition(error);
      problems.push({ path: formatPath(field.path), message: `Liquid: ${liquidMessage(error)}`, ...(at ?? {}) });
    }
  }
  return problems.length > 0 ? fail(problems) : { ok: true, template: parsed.data };
}

/** True when `value` is a template channel name. */
export function isTemplateChannel(value: unknown): value is TemplateChannel {
  return typeof value === "string" && (TEMPLATE_CHANNELS as readonly string[]).includes(value);
}

function fail(problems: TemplateProblem[]): TemplateValidation {
  return { ok: false, problems };
}
